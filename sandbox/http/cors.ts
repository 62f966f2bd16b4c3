import type { IncomingMessage } from 'node:http';

const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/** Headers for a request from an allowed app origin; other origins get none, so browsers block them. */
export function corsHeaders(req: IncomingMessage, allowed: readonly string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !allowed.includes(origin)) return { vary: 'Origin' };
  // Neither is a CORS-safelisted response header: without this the app could not read when to retry,
  // nor the server's clock, which the live trigger reads to know how far a list reached.
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After, Date', vary: 'Origin' };
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

/**
 * Preflight answer (Fetch standard, CORS protocol): the requested headers, `Authorization` included, are
 * allowed for app origins. A disallowed origin gets 403 and no allow headers.
 */
export function preflight(req: IncomingMessage, allowed: readonly string[]): { status: number; headers: Record<string, string> } {
  const base = corsHeaders(req, allowed);
  if (!base['access-control-allow-origin']) return { status: 403, headers: base };
  const requested = req.headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      ...base,
      'access-control-allow-methods': METHODS,
      ...(requested ? { 'access-control-allow-headers': requested } : {}),
      'access-control-max-age': '600',
    },
  };
}
