import { Refusal } from './errors.ts';

/**
 * A DNS-rebinding page resolves its own name to 127.0.0.1 but still sends its own Host, so only the
 * relay's loopback names (and any configured extra names) pass.
 */
export function checkHost(host: string | undefined, allowed: ReadonlySet<string>): void {
  if (!host || !allowed.has(host.toLowerCase())) throw new Refusal('RELAY_HOST_REFUSED');
}

export function checkOrigin(origin: string | undefined, allowed: readonly string[]): string {
  if (!origin || !allowed.includes(origin)) throw new Refusal('RELAY_ORIGIN_REFUSED');
  return origin;
}

const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/**
 * The request target must be origin-form (RFC 9112 §3.2.1): absolute-form (`GET http://other/`),
 * a scheme-relative `//host`, backslashes (which URL parsers read as `/`), dot segments and encoded
 * slashes could each make the forwarded URL land on another host or path than the one checked.
 */
export function checkRequestTarget(raw: string): { path: string; search: string } {
  if (!raw.startsWith('/') || raw.startsWith('//')) throw new Refusal('RELAY_REQUEST_TARGET_REFUSED');
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const search = queryAt === -1 ? '' : raw.slice(queryAt);
  if (path.includes('\\') || /%5c|%2f/i.test(path) || DOT_SEGMENT.test(path) || /[\s@]/.test(path)) {
    throw new Refusal('RELAY_REQUEST_TARGET_REFUSED');
  }
  return { path, search };
}

/** The URL to forward to, proven to stay on the checked origin. */
export function forwardUrl(origin: string, raw: string): URL {
  const { path, search } = checkRequestTarget(raw);
  const url = new URL(path + search, origin);
  if (url.origin !== origin || url.pathname !== path) throw new Refusal('RELAY_REQUEST_TARGET_REFUSED');
  return url;
}
