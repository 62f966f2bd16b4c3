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
    throw new AppError('DELUGE_HTTP', `invokeurl to ${URL.parse(req.url)?.origin ?? req.url} has no "connection:"; add connection: "<link name>" so credentials can be attached`);
  if (req.connection !== '') {
    if (configured.some(([, link]) => link === req.connection)) return req.connection;
    return configured.find(([role]) => role === req.connection)?.[1] ?? req.connection;
  }
  if (configured.length === 1) return configured[0]![1];
  const product = zohoProductOf(req.url);
  const matches: string[] = [];
  for (const [, link] of configured) {
    const info = await ctx.http.connection(link);
    if (product && info.serviceLinkName === `zoho_${product}`) matches.push(link);
  }
  if (matches.length === 1) return matches[0]!;
  throw new AppError(
    'DELUGE_HTTP',
    configured.length === 0
      ? `connection: "" needs a connection picked in "${ctx.config.name}"; add one in the function's settings`
      : `connection: "" is ambiguous for ${URL.parse(req.url)?.origin ?? req.url}; write the link name, e.g. connection: "${configured[0]![1]}"`,
  );
}

export function createDelugeHost(ctx: FunctionContext): DelugeHost {
  return {
    async request(req: DelugeHttpRequest, signal: AbortSignal): Promise<DelugeHttpResponse> {
      const linkName = await resolveConnection(ctx, req);
      const request: ConnectionRequest = { linkName, method: req.method, url: req.url, headers: req.headers };
      if (req.body !== undefined)
        // Deluge sends a `parameters:` map form-encoded unless the script names a content type.
        request.body = { kind: 'text', value: req.body, contentType: req.contentType ?? 'application/x-www-form-urlencoded' };
      const res = await ctx.http.request(request, { signal, nodeId: ctx.nodeId });
      return { status: res.status, headers: res.headers, body: res.bodyText };
    },
    info: (line, text) => ctx.info(text, line),
    now: () => new Date(ctx.clock.now()),
    notice: (line, level, text) => ctx.info(text, line, level === 'warning' ? 'warn' : 'info'),
  };
}
