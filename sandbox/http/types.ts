import type { IncomingMessage } from 'node:http';

/** What a handler returns; the server writes it (so a fault can drop the socket after the work is done). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as given (set content-type in headers); undefined means no body. */
  body?: string | Buffer | object;
}

export interface Ctx {
  req: IncomingMessage;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  rawBody: Buffer;
  /** Set by the token endpoint so the request log can count grants without recording secrets. */
  note: { grantType?: string };
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export function json(status: number, body: object, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } };
}

export function redirect(location: string, status = 302): Reply {
  return { status, headers: { location } };
}
