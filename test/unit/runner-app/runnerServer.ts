/**
 * A loopback HTTP server that answers like the runner's API, for the
 * app's client tests: it records every request and answers what each test sets.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/** `raw`: a body sent as it is (text/plain), for answers that are not JSON; `lost`: the connection drops before any answer. */
export type Answer = { status: number; body?: unknown; raw?: string; lost?: boolean };
export type Handler = (seen: Seen) => Answer | undefined;

export interface FakeRunner {
  url: string;
  seen: Seen[];
  /** The route answers, tried in order; the first that answers wins, else 404. */
  handlers: Handler[];
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startFakeRunner(): Promise<FakeRunner> {
  const seen: Seen[] = [];
  const handlers: Handler[] = [];
  const server: Server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const entry: Seen = { method: request.method ?? 'GET', path: request.url ?? '/', authorization: request.headers.authorization, body };
      seen.push(entry);
      const answer = handlers.map((h) => h(entry)).find((a) => a !== undefined) ?? {
        status: 404,
        body: { error: { code: 'RUNNER_NOT_FOUND', message: 'no such route' } },
      };
      if (answer.lost) {
        request.socket.destroy();
        return;
      }
      if (answer.raw !== undefined) {
        response.writeHead(answer.status, { 'content-type': 'text/plain' });
        response.end(answer.raw);
        return;
      }
      response.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    handlers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const HEALTH: Handler = (s) =>
  s.method === 'GET' && s.path === '/health'
    ? { status: 200, body: { status: 'ok', name: 'workflow-runner', version: '0.1.0', mode: 'embedded' } }
    : undefined;

/** POST /pair: the code `good-code-123` earns `token`; any other code is refused. DELETE /pair with the token ends it. */
export function pairing(token: string): Handler {
  return (s) => {
    if (s.method === 'DELETE' && s.path === '/pair')
      return s.authorization === `Bearer ${token}`
        ? { status: 204 }
        : { status: 401, body: { error: { code: 'RUNNER_UNPAIRED', message: 'pair first' } } };
    if (s.method !== 'POST' || s.path !== '/pair') return undefined;
    const code = (s.body as { code?: string } | undefined)?.code;
    return code === 'good-code-123'
      ? { status: 200, body: { token, runner: { name: 'workflow-runner', version: '0.1.0' } } }
      : { status: 401, body: { error: { code: 'RUNNER_PAIRING_REFUSED', message: 'pairing code refused' } } };
  };
}

/** Every other route: refuses a request without the token as the runner does. */
export function requireToken(token: string): Handler {
  return (s) =>
    s.path !== '/health' && s.path !== '/pair' && s.authorization !== `Bearer ${token}`
      ? { status: 401, body: { error: { code: 'RUNNER_UNPAIRED', message: 'pair first' } } }
      : undefined;
}
