/**
 * `invokeurl` and the single path every host call takes: the 40 s socket timeout from
 * https://www.zoho.com/deluge/help/deluge-invoke-url.html, cancellation, and response decoding.
 */
import { DelugeFault } from './errors.ts';
import type { DelugeHost, DelugeHttpMethod, DelugeHttpRequest, DelugeHttpResponse } from './host.ts';
import type { Clock } from '../ports.ts';
import { BOOKS_DEFAULT_ORGANIZATION_NOTE, namesNoOrganization } from './books-organization.ts';
import { parseJsonValue, toJson, toText, typeName, type DMap, type Value } from './values.ts';

export const INVOKEURL_TIMEOUT_MS = 40_000;
export const INVOKEURL_KEYS = [
  'url',
  'type',
  'parameters',
  'headers',
  'content-type',
  'body',
  'connection',
  'detailed',
  'response-format',
  'response-decoding',
  'files',
] as const;
/** https://zoho.com/deluge/help/webhook/invokeapitask.html */
export const INVOKEAPI_KEYS = [
  'service',
  'path',
  'type',
  'parameters',
  'body',
  'headers',
  'connection',
  'response-format',
  'response-decoding',
] as const;
/** https://www.zoho.com/creator/help/script/fetch-and-email.html */
export const SENDMAIL_KEYS = ['from', 'to', 'cc', 'bcc', 'reply-to', 'subject', 'message', 'content-type', 'attachments'] as const;
const METHODS = new Set<DelugeHttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export interface CallContext {
  host: DelugeHost;
  clock: Clock;
  signal: AbortSignal;
  line: number;
  column: number;
  /** Milliseconds a single request may take. */
  requestTimeoutMs: number;
}

export function runtimeError(ctx: CallContext, message: string): DelugeFault {
  return new DelugeFault('DELUGE_RUNTIME', `${message} at line ${ctx.line}`, ctx.line, ctx.column);
}

/** URL without query or fragment, so tokens passed as query parameters never reach a message. */
export function safeUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

export async function send(req: DelugeHttpRequest, ctx: CallContext, what: string): Promise<DelugeHttpResponse> {
  if (ctx.signal.aborted) throw new DelugeFault('DELUGE_TIMEOUT', `the run was stopped before ${what} at line ${ctx.line}`, ctx.line, ctx.column);
  if (namesNoOrganization(req.url, req.headers, req.body)) ctx.host.notice?.(ctx.line, 'notice', `${what}: ${BOOKS_DEFAULT_ORGANIZATION_NOTE}`);
  const ctrl = new AbortController();
  // Set before aborting, so whichever rejection wins the race, the run reports why it stopped.
  let stopFault: DelugeFault | null = null;
  let rejectAbort: (e: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    rejectAbort = reject;
  });
  const stop = (fault: DelugeFault): void => {
    stopFault = fault;
    ctrl.abort();
    rejectAbort(fault);
  };
  const onParentAbort = (): void =>
    stop(new DelugeFault('DELUGE_TIMEOUT', `the run was stopped during ${what} at line ${ctx.line}`, ctx.line, ctx.column));
  const cancelTimer = ctx.clock.timeout(ctx.requestTimeoutMs, () => {
    stop(
      new DelugeFault(
        'DELUGE_TIMEOUT',
        `${what} to ${safeUrl(req.url)} timed out after ${Math.round(ctx.requestTimeoutMs / 1000)} s at line ${ctx.line}`,
        ctx.line,
        ctx.column,
      ),
    );
  });
  ctx.signal.addEventListener('abort', onParentAbort, { once: true });
  try {
    const res = await Promise.race([ctx.host.request({ ...req, line: ctx.line }, ctrl.signal), aborted]);
    if (res.status < 200 || res.status >= 300) {
      ctx.host.notice?.(ctx.line, 'warning', `HTTP ${res.status} from ${req.method} ${safeUrl(req.url)}${errorSummary(res.body)}`);
    }
    return res;
  } catch (e) {
    if (stopFault !== null) throw stopFault;
    if (e instanceof DelugeFault) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new DelugeFault('DELUGE_HTTP', `${what} to ${safeUrl(req.url)} failed: ${reason.slice(0, 200)} at line ${ctx.line}`, ctx.line, ctx.column);
  } finally {
    cancelTimer();
    ctx.signal.removeEventListener('abort', onParentAbort);
  }
}

/** `: <code> <message>` from a Zoho-style error body, so the log names the service's own error. */
function errorSummary(body: string): string {
  const v = parseJsonValue(body);
  if (!(v instanceof Map)) return body.trim() === '' ? '' : `: ${body.trim().slice(0, 200)}`;
  const code = v.get('code');
  const message = v.get('message');
  const parts = [code, message].filter((x) => x !== undefined && x !== null).map((x) => toText(x as Value));
  return parts.length > 0 ? `: ${parts.join(' ')}` : '';
}

export function decodeBody(body: string): Value {
  const parsed = parseJsonValue(body);
  return parsed === undefined ? body : parsed;
}

function textMap(v: Value, what: string, ctx: CallContext, task: string): Record<string, string> {
  if (!(v instanceof Map)) throw runtimeError(ctx, `${task}: ${what} must be a Map, got ${v === null ? 'null' : typeName(v)}`);
  const out: Record<string, string> = {};
  for (const [k, x] of v) out[k] = typeof x === 'string' ? x : x !== null && typeof x === 'object' && !(x instanceof Date) ? toJson(x) : toText(x);
  return out;
}

function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

export function appendQuery(url: string, query: string): string {
  if (query === '') return url;
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  return base + (base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?') + query;
}

export function queryOf(fields: Record<string, string>): string {
  return formEncode(fields);
}

/** Runs `invokeurl`; `invokeapi` comes here too once it has made its URL, under its own name. */
export async function invokeUrl(attrs: Map<string, Value>, ctx: CallContext, task = 'invokeurl'): Promise<Value> {
  const url = attrs.get('url');
  if (typeof url !== 'string' || url.trim() === '')
    throw runtimeError(ctx, `${task}: 'url' must be text, got ${url === undefined ? 'nothing' : describe(url)}`);
  if (!/^https?:\/\/[^/\s]+/i.test(url.trim()))
    throw runtimeError(ctx, `${task}: 'url' must be an absolute http(s) URL, got ${JSON.stringify(safeUrl(url).slice(0, 80))}`);
  if (attrs.has('files')) throw runtimeError(ctx, `${task}: 'files' uploads are not supported here`);
  const typeV = attrs.get('type') ?? 'GET';
  const method = (typeof typeV === 'string' ? typeV.toUpperCase() : '') as DelugeHttpMethod;
  if (!METHODS.has(method)) throw runtimeError(ctx, `${task}: 'type' must be GET, POST, PUT, PATCH or DELETE, got ${describe(typeV)}`);

  const headers = attrs.has('headers') && attrs.get('headers') !== null ? textMap(attrs.get('headers') as Value, "'headers'", ctx, task) : {};
  const ctV = attrs.get('content-type');
  let contentType = typeof ctV === 'string' && ctV !== '' ? ctV : undefined;
  const connV = attrs.get('connection');
  if (connV !== undefined && connV !== null && typeof connV !== 'string')
    throw runtimeError(ctx, `${task}: 'connection' must be text (a connection link name), got ${describe(connV)}`);
  const detailedV = attrs.get('detailed') ?? false;
  if (typeof detailedV !== 'boolean') throw runtimeError(ctx, `${task}: 'detailed' must be true or false, got ${describe(detailedV)}`);

  let finalUrl = url.trim();
  let body: string | undefined;
  let params: Record<string, string> | undefined;
  const p = attrs.get('parameters');
  const sendsBody = method !== 'GET' && method !== 'DELETE';
  if (p !== undefined && p !== null) {
    if (p instanceof Map) {
      params = textMap(p, "'parameters'", ctx, task);
      if (!sendsBody) finalUrl = appendQuery(finalUrl, formEncode(params));
      else if (contentType !== undefined && /json/i.test(contentType)) body = toJson(p);
      else {
        body = formEncode(params);
        contentType ??= 'application/x-www-form-urlencoded';
      }
    } else if (typeof p === 'string') {
      if (sendsBody) body = p;
      else finalUrl = appendQuery(finalUrl, p);
    } else {
      throw runtimeError(ctx, `${task}: 'parameters' must be a Map or text, got ${describe(p)}`);
    }
  }
  const b = attrs.get('body');
  if (b !== undefined && b !== null) {
    if (body !== undefined) throw runtimeError(ctx, `${task}: give either 'parameters' or 'body' for a request body, not both`);
    body = typeof b === 'string' ? b : toJson(b);
  }
  if (contentType !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = contentType;

  const req: DelugeHttpRequest = { connection: typeof connV === 'string' ? connV : null, method, url: finalUrl, headers };
  if (params !== undefined) req.params = params;
  if (body !== undefined) req.body = body;
  if (contentType !== undefined) req.contentType = contentType;
  const res = await send(req, ctx, task);
  const decoded = decodeBody(res.body);
  if (!detailedV) return decoded;
  const out: DMap = new Map();
  out.set('responseCode', res.status);
  out.set('responseText', decoded);
  out.set('responseHeader', new Map(Object.entries(res.headers)));
  return out;
}

function describe(v: Value): string {
  return v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeName(v);
}
