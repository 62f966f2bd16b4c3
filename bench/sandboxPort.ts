/**
 * An engine HttpPort for benchmarks in Node: Zoho's main hosts mapped to a local sandbox, a sandbox
 * access token attached, one attempt per call (the engine owns the policy), and a log of every Books
 * write with the time its answer came back.
 */
import type { ConnectionInfo, ConnectionRequest, HttpPort, HttpResult } from '../src/engine/ports.ts';
import { requestUrl } from '../src/engine/http/url.ts';
import { AppError, type RateLimit } from '../src/domain/index.ts';

export interface BooksWrite {
  method: string;
  email: string;
  at: number;
  status: number;
}

export interface BenchPort extends HttpPort {
  writes: BooksWrite[];
  booksRequests: number;
}

export function sandboxPort(sandbox: string, token: string, booksLimit: RateLimit): BenchPort {
  const connections: Record<string, ConnectionInfo> = {
    bigin: { linkName: 'bigin', serviceLinkName: 'zoho_bigin', serviceName: 'Bigin', status: 'connected', dataCenterId: 'sandbox', isSandbox: true },
    books: {
      linkName: 'books',
      serviceLinkName: 'zoho_books',
      serviceName: 'Zoho Books',
      status: 'connected',
      dataCenterId: 'sandbox',
      isSandbox: true,
      rateLimit: booksLimit,
    },
  };
  const port: BenchPort = {
    writes: [],
    booksRequests: 0,
    describe: async (linkName) => connections[linkName] ?? null,
    async send(req: ConnectionRequest, opts): Promise<HttpResult> {
      const url = requestUrl(req).replace('https://www.zohoapis.com', sandbox);
      const headers: Record<string, string> = { ...req.headers, authorization: `Zoho-oauthtoken ${token}` };
      let body: string | undefined;
      if (req.body?.kind === 'json') {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.body.value);
      }
      const isBooks = new URL(url).pathname.startsWith('/books/');
      if (isBooks) port.booksRequests += 1;
      let response: Response;
      try {
        response = await fetch(url, { method: req.method, headers, ...(body === undefined ? {} : { body }), signal: opts.signal });
      } catch (error) {
        throw new AppError('HTTP_NETWORK', `The sandbox could not be reached: ${error instanceof Error ? error.message : String(error)}`);
      }
      const bodyText = await response.text();
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => (out[key.toLowerCase()] = value));
      if (isBooks && req.method !== 'GET') {
        const persons =
          (req.body?.kind === 'json' ? (req.body.value as { contact_persons?: { email?: string }[] }).contact_persons : undefined) ?? [];
        port.writes.push({ method: req.method, email: (persons[0]?.email ?? '').toLowerCase(), at: Date.now(), status: response.status });
      }
      return { status: response.status, headers: out, bodyText, url };
    },
  };
  return port;
}
