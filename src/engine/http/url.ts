import type { ConnectionRequest } from '../ports.ts';

/** `new URL(url).href` of recent base URLs: the same few are written again on every request. */
const normalized = new Map<string, string>();

function normalize(url: string): string {
  let href = normalized.get(url);
  if (href === undefined) {
    href = new URL(url).href;
    if (normalized.size >= 512) normalized.clear();
    normalized.set(url, href);
  }
  return href;
}

/** The request's URL with `query` merged in; the app sends exactly this URL. */
export function requestUrl(req: Pick<ConnectionRequest, 'url' | 'query'>): string {
  if (!req.query || Object.keys(req.query).length === 0) return req.url;
  // Without a query or fragment of its own, appending equals setting each parameter (same serializer).
  if (!req.url.includes('?') && !req.url.includes('#')) return `${normalize(req.url)}?${new URLSearchParams(req.query).toString()}`;
  const url = new URL(req.url);
  for (const [key, value] of Object.entries(req.query)) url.searchParams.set(key, value);
  return url.href;
}

export function headerValue(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
