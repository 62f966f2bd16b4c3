import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { mountAccounts } from './accounts/routes.ts';
import { TokenStore } from './accounts/tokens.ts';
import { mountBigin } from './bigin/routes.ts';
import { BiginRepo } from './bigin/repo.ts';
import { BooksRateLimiter } from './books/rate-limit.ts';
import { BooksRepo } from './books/repo.ts';
import { mountBooks } from './books/routes.ts';
import { Clock } from './clock.ts';
import type { SandboxContext } from './context.ts';
import { BULK_BODY_BYTES, isBulkPath } from './control/bulk.ts';
import { EventLog } from './control/events.ts';
import { Faults, type FaultAction } from './control/faults.ts';
import { RequestLog, redactQuery } from './control/request-log.ts';
import { mountControl } from './control/routes.ts';
import { ApiStats } from './control/stats.ts';
import { BodyTooLarge, readBody } from './http/body.ts';
import { withholdsCors } from './accounts/strict.ts';
import { corsHeaders, isPreflight, preflight } from './http/cors.ts';
import { Router } from './http/router.ts';
import { json, type Ctx, type Reply } from './http/types.ts';
import { DEFAULT_SETTINGS, mergeSettings, type SandboxSettings } from './settings.ts';
import { deleteDataFile, getMeta, MEMORY, openDb, setMeta } from './store/db.ts';
import { seed } from './store/seed.ts';

export type { SandboxSettings } from './settings.ts';

export const DEFAULT_APP_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173'];

export interface StartOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  /** Folder for the SQLite file, or ':memory:' (the default here; `main.ts` uses `.sandbox-data`). */
  dataDir?: string;
  /** Extra app origins allowed for redirect URIs and CORS, next to the defaults. */
  appOrigins?: string[];
  settings?: Partial<SandboxSettings>;
  /** Delete the data file and start from the seed. */
  fresh?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  dataDir: string;
  appOrigins: readonly string[];
  settings(): SandboxSettings;
  reset(): void;
  close(): Promise<void>;
}

const normalizeOrigin = (o: string): string => new URL(o).origin;

function notFound(path: string): Reply {
  if (path.startsWith('/books/') || path.startsWith('/api/')) return json(404, { code: 5, message: 'Invalid URL Passed' });
  if (path.startsWith('/bigin/')) {
    return json(404, {
      code: 'INVALID_URL_PATTERN',
      details: {},
      message: 'Please check if the URL trying to access is a correct one',
      status: 'error',
    });
  }
  return json(404, { error: 'not_found', message: `Nothing at ${path}` });
}

function write(res: ServerResponse, reply: Reply, extra: Record<string, string>): void {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', ...extra, ...reply.headers };
  let body: string | Buffer | undefined;
  if (reply.body === undefined) body = undefined;
  else if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) body = reply.body;
  else {
    body = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json;charset=UTF-8';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** Requests to the control plane and the home page are not logged: the log shows what clients did to "Zoho". */
const isControl = (path: string): boolean => path === '/' || path.startsWith('/_sandbox');

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** DNS-rebinding guard: a page on another site that resolves its name to 127.0.0.1 still sends its own Host. */
const loopbackHost = (req: IncomingMessage): boolean => LOOPBACK_NAMES.has((req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase());

/** Cross-site form posts could reset or edit the sandbox; control-plane writes must come from it or an app origin. */
function foreignControlWrite(req: IncomingMessage, method: string, path: string, appOrigins: readonly string[]): boolean {
  if (!isControl(path) || method === 'GET' || method === 'HEAD') return false;
  const origin = req.headers.origin;
  return origin !== undefined && origin !== `http://${req.headers.host ?? ''}` && !appOrigins.includes(origin);
}

export async function startSandbox(options: StartOptions = {}): Promise<RunningSandbox> {
  const dataDir = options.dataDir ?? MEMORY;
  const appOrigins = [...new Set([...DEFAULT_APP_ORIGINS, ...(options.appOrigins ?? []).map(normalizeOrigin)])];
  const initialSettings = mergeSettings(DEFAULT_SETTINGS, options.settings ?? {});
  let settings = initialSettings;
  let origin = '';

  if (options.fresh) deleteDataFile(dataDir);
  const db = openDb(dataDir);
  const clock = new Clock();
  const events = new EventLog();
  const tokens = new TokenStore(db, clock, () => ({
    accessSeconds: settings.accessTokenTtlSeconds,
    codeSeconds: settings.authCodeTtlSeconds,
    rotate: settings.rotateRefreshTokens,
  }));
  const ctx: SandboxContext = { db, clock, tokens, events, settings: () => settings, origin: () => origin, appOrigins };
  const bigin = new BiginRepo(db, clock, events);
  const books = new BooksRepo(db, clock);
  const limiter = new BooksRateLimiter();
  const faults = new Faults();
  const log = new RequestLog();
  const stats = new ApiStats(clock.now());

  const reset = (): void => {
    clock.reset();
    seed(db, clock);
    setMeta(db, 'seeded', '1');
    settings = initialSettings;
    faults.clear();
    limiter.clear();
    events.clear();
  };
  if (getMeta(db, 'seeded') !== '1') reset();

  const router = new Router();
  mountControl(router, ctx, { bigin, books, faults, log, stats, reset, updateSettings: (next) => (settings = next) });
  mountAccounts(router, ctx);
  mountBigin(router, ctx, bigin);
  mountBooks(router, ctx, books, limiter);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const corsOrigins = withholdsCors(settings, path) ? [] : appOrigins;
    const cors = corsHeaders(req, corsOrigins);
    const note: Ctx['note'] = {};
    const record = (status: number, fault?: string): void => {
      if (isControl(path)) return;
      stats.count(path, method, status);
      log.add({
        time: new Date(clock.now()).toISOString(),
        method,
        path,
        query: redactQuery(url.searchParams),
        status,
        ...(note.grantType !== undefined ? { grantType: note.grantType } : {}),
        ...(fault ? { fault } : {}),
      });
    };

    if (!loopbackHost(req)) {
      write(res, json(421, { error: 'misdirected_request', message: 'The sandbox answers only localhost, 127.0.0.1 and [::1].' }), {});
      return;
    }
    if (!isControl(path) && faults.inOutage(clock.now())) {
      record(0, 'outage');
      req.socket.destroy();
      return;
    }
    if (isPreflight(req)) {
      const answer = preflight(req, corsOrigins);
      write(res, { status: answer.status }, answer.headers);
      record(answer.status);
      return;
    }
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, isBulkPath(path) ? BULK_BODY_BYTES : undefined);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      write(res, json(413, { error: 'payload_too_large', message: e.message }), { ...cors, connection: 'close' });
      record(413);
      return;
    }
    if (foreignControlWrite(req, method, path, appOrigins)) {
      write(res, json(403, { ok: false, error: 'control-plane writes are accepted from the sandbox page and the app origins only' }), cors);
      return;
    }
    const fault: FaultAction | undefined = isControl(path) ? undefined : faults.take(method, path);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop === 'before') {
      record(0, 'drop-before');
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    if (fault?.status !== undefined) {
      reply = json(fault.status, fault.body ?? { fault: true, message: 'Injected by the sandbox' });
    } else {
      const match = router.match(method, path);
      if (match.kind === 'found') {
        const c: Ctx = { req, method, path, query: url.searchParams, params: match.params, rawBody, note };
        reply = await match.handler(c);
      } else if (match.kind === 'method-not-allowed') {
        reply = json(405, { error: 'method_not_allowed', message: `${method} is not allowed on ${path}` }, { allow: match.allowed.join(', ') });
      } else {
        reply = notFound(path);
      }
    }
    if (fault?.drop === 'after') {
      record(reply.status, 'drop-after');
      req.socket.destroy();
      return;
    }
    write(res, reply, cors);
    record(reply.status, fault ? (fault.status !== undefined ? 'status' : 'delay') : undefined);
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      // Never echo request data: it may hold tokens.
      console.error('sandbox: internal error:', error instanceof Error ? error.message : 'unknown');
      if (!res.headersSent) write(res, json(500, { error: 'internal_error', message: 'The sandbox failed to handle this request.' }), {});
      else res.destroy();
    });
  };

  const listen = (server: Server, host: string, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host }, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });

  // Loopback only. IPv4 first (the port is chosen there), then the same port on ::1 when the host has IPv6,
  // because "localhost" may resolve to either.
  const servers: Server[] = [createServer({ keepAliveTimeout: 5000 }, listener)];
  const port = await listen(servers[0] as Server, '127.0.0.1', options.port ?? 4010);
  const v6 = createServer({ keepAliveTimeout: 5000 }, listener);
  try {
    await listen(v6, '::1', port);
    servers.push(v6);
  } catch {
    // No IPv6 loopback here, or the port is taken on it: IPv4 alone is fine.
  }
  origin = `http://localhost:${port}`;

  let closed = false;
  return {
    url: origin,
    port,
    dataDir,
    appOrigins,
    settings: () => settings,
    reset,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
      db.close();
    },
  };
}
