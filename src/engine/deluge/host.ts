/**
 * Everything the interpreter needs from the outside world. The engine never calls `fetch`; the
 * executor implements this port, maps hosts to data centres and attaches credentials.
 */
export type DelugeHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface DelugeHttpRequest {
  /**
   * Connection link name. `''` means "the function's configured connection for the service that owns
   * the URL's host"; `null` means the script gave no `connection:` at all (plain request).
   */
  connection: string | null;
  method: DelugeHttpMethod;
  /** Final URL, query string included (GET/DELETE parameters are already merged into it). */
  url: string;
  headers: Record<string, string>;
  /** Informational copy of the `parameters:` map as text (for logs); `url`/`body` are authoritative. */
  params?: Record<string, string>;
  body?: string;
  contentType?: string;
  /** Line of the `invokeurl` or task that sent it, for the host's own log lines. */
  line?: number;
}

export interface DelugeHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type DelugeNoticeLevel = 'notice' | 'warning';

export interface DelugeHost {
  request(req: DelugeHttpRequest, signal: AbortSignal): Promise<DelugeHttpResponse>;
  /** Output of an `info` statement, with the statement's line. */
  info(line: number, text: string): void;
  /** The script's idea of "now" (`now`, `today`, `zoho.currenttime`). */
  now(): Date;
  /** A number in [0, 1) for `randomNumber`; without it the engine uses Math.random. */
  random?(): number;
  /** Interpreter remarks that are not `info` output, e.g. an HTTP error status from a request. */
  notice?(line: number, level: DelugeNoticeLevel, text: string): void;
}
