import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { proxy } from 'hono/proxy';
import catalogJson from './catalog-origins.json' with { type: 'json' };
import { cappedStream, declaredLength, readCapped, readCappedBytes, WHOLE_BODY_MAX_BYTES } from './body.ts';
import type { RelayConfig } from './config.ts';
import { Refusal, REFUSALS, type RefusalCode } from './errors.ts';
import { checkHost, checkOrigin, forwardUrl } from './guards.ts';
import { batchedLog, formatLogLine, type LogSink } from './log.ts';
import { PairingStore, parseApprovedOrigins } from './pairing.ts';
import { withClientSecret } from './secrets.ts';
import { parseTarget, TargetPolicy, withSandboxOrigin } from './targets.ts';
import { forwardFetch } from './upstream.ts';

export const RELAY_VERSION = '1';

const TOKEN_HEADER = 'x-relay-token';
const TARGET_HEADER = 'x-relay-target';
const CUSTOM_HEADER = 'x-relay-custom-service';

/**
 * Never forwarded: they describe the browser, the relay hop or cookies, not the API call; the
 * hop-by-hop ones (RFC 9110 §7.6.1) belong to the connection the relay itself keeps to the provider.
 */
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'origin',
  'referer',
  'cookie',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  TOKEN_HEADER,
  TARGET_HEADER,
  CUSTOM_HEADER,
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
/** The relay stores no cookies and sets its own CORS headers. */
const DROPPED_RESPONSE_HEADERS = [
  'set-cookie',
  'location',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-headers',
  'access-control-allow-methods',
];

export interface StartRelayOptions {
  config: RelayConfig;
  log?: LogSink;
}

export interface RunningRelay {
  url: string;
  port: number;
  pairingCode(): string | null;
  close(): Promise<void>;
}

type Env = { Bindings: HttpBindings; Variables: { origin: string | undefined } };

function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': '*', vary: 'Origin' } : { vary: 'Origin' };
}

function refusalIn(error: unknown): Refusal | undefined {
  for (let current = error; current instanceof Error; current = current.cause) if (current instanceof Refusal) return current;
  return undefined;
}

function refuse(c: Context<Env>, code: RefusalCode): Response {
  const { status, message } = REFUSALS[code];
  return new Response(JSON.stringify({ error: code, message }), {
    status,
    headers: { 'content-type': 'application/json', 'x-relay-refusal': code, 'cache-control': 'no-store', ...corsHeaders(c.get('origin')) },
  });
}

/** The request's own headers as Node parsed them, minus the dropped ones; repeats joined as Headers would. */
function upstreamHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(name) || name.startsWith('sec-')) continue;
    const value = rawHeaders[i + 1] as string;
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/**
 * A provider's answer of declared small length, read whole so it leaves in one write with its head;
 * a streamed answer otherwise.
 */
async function wholeIfSmall(response: Response): Promise<BodyInit | null> {
  if (!response.body) return null;
  const length = declaredLength(response.headers.get('content-length'));
  if (length === null || length > WHOLE_BODY_MAX_BYTES) return response.body;
  return new Uint8Array(await response.arrayBuffer());
}

export function createRelayApp(config: RelayConfig, pairings: PairingStore, hostNames: ReadonlySet<string>): Hono<Env> {
  const policy = new TargetPolicy(withSandboxOrigin(catalogJson, config.sandboxOrigin));
  const app = new Hono<Env>();

  app.onError((error, c) => {
    const refusal = refusalIn(error);
    if (refusal) return refuse(c, refusal.code);
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return refuse(c, 'RELAY_UPSTREAM_TIMEOUT');
    return refuse(c, 'RELAY_UPSTREAM_UNREACHABLE');
  });

  app.use(async (c, next) => {
    checkHost(c.req.header('host'), hostNames);
    const origin = c.req.header('origin');
    checkOrigin(origin, config.appOrigins);
    c.set('origin', origin);
    await next();
  });

  app.options('*', (c) => {
    const requested = c.req.header('access-control-request-headers');
    return c.body(null, 204, {
      ...corsHeaders(c.get('origin')),
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
      ...(requested ? { 'access-control-allow-headers': requested } : {}),
      'access-control-max-age': '600',
    });
  });

  const jsonBody = async (c: Context<Env>): Promise<Record<string, unknown>> => {
    let body: unknown;
    try {
      body = JSON.parse(await readCapped(c.req.raw.body, 64 * 1024));
    } catch (error) {
      throw refusalIn(error) ?? new Refusal('RELAY_BAD_REQUEST');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Refusal('RELAY_BAD_REQUEST');
    return body as Record<string, unknown>;
  };
  const reply = (c: Context<Env>, body: unknown): Response => c.json(body, 200, { ...corsHeaders(c.get('origin')), 'cache-control': 'no-store' });

  app.get('/_relay/status', (c) =>
    reply(c, { relay: 'workflow-builder-relay', version: RELAY_VERSION, paired: pairings.isPaired(c.req.header(TOKEN_HEADER)) }),
  );
  app.post('/_relay/pair', async (c) => {
    const body = await jsonBody(c);
    const token = pairings.pair(body.code, parseApprovedOrigins(body.approvedOrigins ?? []));
    return reply(c, { token, version: RELAY_VERSION });
  });
  app.put('/_relay/approvals', async (c) => {
    const body = await jsonBody(c);
    pairings.approve(c.req.header(TOKEN_HEADER), parseApprovedOrigins(body.approvedOrigins));
    return reply(c, { ok: true });
  });
  app.delete('/_relay/pair', (c) => {
    pairings.forget(c.req.header(TOKEN_HEADER));
    return reply(c, { ok: true });
  });
  app.all('/_relay/*', (c) => refuse(c, 'RELAY_NOT_FOUND'));

  app.all('*', async (c) => {
    const approved = pairings.approvalsOf(c.req.header(TOKEN_HEADER));
    const origin = parseTarget(c.req.header(TARGET_HEADER));
    policy.check(origin, approved, c.req.header(CUSTOM_HEADER) === '1');
    const url = forwardUrl(origin, c.env.incoming.url ?? '');
    const length = declaredLength(c.req.header('content-length'));
    if (length !== null && length > config.maxBodyBytes) throw new Refusal('RELAY_BODY_TOO_LARGE');
    const method = c.req.method;
    const headers = upstreamHeaders(c.env.incoming.rawHeaders);
    let body: BodyInit | null = null;
    const isForm = (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    if (method === 'POST' && isForm && policy.isTokenEndpoint(`${url.origin}${url.pathname}`)) {
      body = withClientSecret(await readCapped(c.req.raw.body, config.maxBodyBytes), config.clients);
      delete headers['content-length'];
    } else if (method !== 'GET' && method !== 'HEAD' && c.req.raw.body) {
      if (length !== null && length <= WHOLE_BODY_MAX_BYTES) {
        body = await readCappedBytes(c.req.raw.body, config.maxBodyBytes);
        delete headers['content-length'];
      } else body = cappedStream(c.req.raw.body, config.maxBodyBytes);
    }
    // A timer cleared as soon as the answer is read or starts streaming: AbortSignal.timeout() would
    // keep every request's signal, and what listens to it, alive for the whole timeout.
    const upstream = new AbortController();
    const timer = setTimeout(() => upstream.abort(new DOMException('The provider did not answer in time.', 'TimeoutError')), config.timeoutMs);
    let response: Response;
    let answer: BodyInit | null;
    try {
      response = await proxy(url, {
        method,
        headers,
        body,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
        redirect: 'manual',
        signal: upstream.signal,
        customFetch: forwardFetch,
      } as RequestInit & { customFetch: typeof forwardFetch });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        throw new Refusal('RELAY_REDIRECT_REFUSED');
      }
      answer = await wholeIfSmall(response);
    } catch (error) {
      // Past the head, a timed-out read fails as the stream's own error; name the timeout instead.
      throw upstream.signal.aborted ? upstream.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
    const out = new Headers(response.headers);
    for (const name of DROPPED_RESPONSE_HEADERS) out.delete(name);
    for (const [name, value] of Object.entries(corsHeaders(c.get('origin')))) out.set(name, value);
    return new Response(answer, { status: response.status, statusText: response.statusText, headers: out });
  });
  return app;
}

/** Starts the relay on loopback (or RELAY_LISTEN); logs one line per request through `log`. */
export async function startRelay({ config, log = batchedLog((text) => process.stdout.write(text)) }: StartRelayOptions): Promise<RunningRelay> {
  const pairings = new PairingStore(config.stateFile);
  const hostNames = new Set<string>();
  const app = createRelayApp(config, pairings, hostNames);
  const server = createAdaptorServer({
    fetch: async (request, env) => {
      const started = performance.now();
      const bindings = env as HttpBindings;
      const response = await app.fetch(request, bindings);
      const incoming = bindings.incoming;
      log(
        formatLogLine({
          method: incoming.method ?? '?',
          targetHost: targetHostOf(request),
          path: (incoming.url ?? '').startsWith('/') ? (incoming.url ?? '') : '(refused request target)',
          status: response.status,
          durationMs: Math.round(performance.now() - started),
          ...(response.headers.has('x-relay-refusal') ? { refusal: response.headers.get('x-relay-refusal') ?? '' } : {}),
        }),
      );
      return response;
    },
    serverOptions: { requestTimeout: config.timeoutMs, headersTimeout: Math.min(10_000, config.timeoutMs), keepAliveTimeout: 5_000 },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.listen, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  for (const name of ['localhost', '127.0.0.1', '[::1]', ...config.hostNames]) hostNames.add(`${name.toLowerCase()}:${port}`);
  return {
    url: `http://localhost:${port}`,
    port,
    pairingCode: () => pairings.pairingCode(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

function targetHostOf(request: Request): string {
  const target = request.headers.get(TARGET_HEADER);
  try {
    return target ? new URL(target).host : '-';
  } catch {
    return '-';
  }
}
