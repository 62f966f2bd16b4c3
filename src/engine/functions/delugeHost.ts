/**
 * Adapts the Deluge interpreter's host port (deluge/host.ts) to the engine's request policy, so
 * `invokeurl` and `zoho.*` tasks get the same connection checks, retries, rate limits, dry run and
 * redacted log as built-in functions.
 */
import { AppError } from '../../domain/index.ts';
import type { DelugeHost, DelugeHttpRequest, DelugeHttpResponse } from '../deluge/host.ts';
import type { ConnectionRequest } from '../ports.ts';
import type { FunctionContext } from './types.ts';

/** `books` for books.zoho.* and www.zohoapis.*\/books/…, `bigin` for …/bigin/…, null otherwise. */
export function zohoProductOf(url: string): string | null {
  const parsed = URL.parse(url);
  if (!parsed) return null;
  const host = parsed.hostname;
  const sub = /^([a-z]+)\.zoho\.[a-z.]+$/.exec(host);
  if (sub && sub[1] !== 'www' && sub[1] !== 'accounts') return sub[1]!;
  if (/(^|\.)zohoapis\.[a-z.]+$/.test(host)) return parsed.pathname.split('/')[1] || null;
  return null;
}

/**
 * Which link name a request uses. A script may name a link name or, for convenience, a role of the
 * node; `""` means "the node's connection for the service that owns this URL" (Zoho's default).
 */
export async function resolveConnection(ctx: FunctionContext, req: DelugeHttpRequest): Promise<string> {
  const configured = Object.entries(ctx.config.connections).filter(([, link]) => link !== '');
  if (req.connection === null)
    throw new AppError(
      'DELUGE_HTTP',
      `invokeurl to ${URL.parse(req.url)?.origin ?? req.url} has no "connection:"; add connection: "<link name>" so credentials can be attached`,
    );
  if (req.connection !== '') {
    if (configured.some(([, link]) => link === req.connection)) return req.connection;
    return configured.find(([role]) => role === req.connection)?.[1] ?? req.connection;
  }
  const chosen = await defaultConnection(ctx, req.url, configured);
  if (chosen) {
    // Zoho fills an empty connection in silently; saying which link name was used makes a wrong pick visible.
    ctx.info(`connection "" → "${chosen.link}" (the function's ${chosen.role} connection)`, req.line, 'info');
    return chosen.link;
  }
  throw new AppError(
    'DELUGE_HTTP',
    configured.length === 0
      ? `connection: "" needs a connection picked in "${ctx.config.name}"; add one in the function's settings`
      : `connection: "" is ambiguous for ${URL.parse(req.url)?.origin ?? req.url}; write the link name, e.g. connection: "${configured[0]![1]}"`,
  );
}

/** The configured connection for the service that owns `url`: the only one, or the one of that Zoho product. */
async function defaultConnection(ctx: FunctionContext, url: string, configured: [string, string][]): Promise<{ role: string; link: string } | null> {
  if (configured.length === 1) return { role: configured[0]![0], link: configured[0]![1] };
  const product = zohoProductOf(url);
  if (!product) return null;
  const matches: { role: string; link: string }[] = [];
  for (const [role, link] of configured) {
    const info = await ctx.http.connection(link);
    if (info.serviceLinkName === `zoho_${product}`) matches.push({ role, link });
  }
  return matches.length === 1 ? matches[0]! : null;
}

/** A write the service answered with an error; Deluge carries on, we report it when the script ends. */
export interface RefusedWrite {
  line: number;
  method: string;
  status: number;
  summary: string;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Zoho's error envelopes: Books `{code, message}`, Bigin `{data:[{code, message}]}` or `{code, message}`. */
function zohoErrorSummary(bodyText: string): string {
  try {
    const body = JSON.parse(bodyText) as { code?: unknown; message?: unknown; data?: { code?: unknown; message?: unknown }[] };
    const first = Array.isArray(body.data) ? body.data[0] : body;
    if (first && (first.code !== undefined || first.message !== undefined)) return `code ${String(first.code)}: ${String(first.message ?? '')}`;
  } catch {
    // Not JSON: the status alone says enough.
  }
  return '';
}

export function createDelugeHost(ctx: FunctionContext, refused: RefusedWrite[] = []): DelugeHost {
  return {
    async request(req: DelugeHttpRequest, signal: AbortSignal): Promise<DelugeHttpResponse> {
      const linkName = await resolveConnection(ctx, req);
      const request: ConnectionRequest = { linkName, method: req.method, url: req.url, headers: req.headers };
      if (req.body !== undefined)
        // Deluge sends a `parameters:` map form-encoded unless the script names a content type.
        request.body = { kind: 'text', value: req.body, contentType: req.contentType ?? 'application/x-www-form-urlencoded' };
      const res = await ctx.http.request(request, { signal, nodeId: ctx.nodeId });
      if (WRITES.has(req.method) && res.status >= 400)
        refused.push({ line: req.line ?? 0, method: req.method, status: res.status, summary: zohoErrorSummary(res.bodyText) });
      return { status: res.status, headers: res.headers, body: res.bodyText };
    },
    info: (line, text) => ctx.info(text, line),
    now: () => new Date(ctx.clock.now()),
    notice: (line, level, text) => ctx.info(text, line, level === 'warning' ? 'warn' : 'info'),
  };
}
