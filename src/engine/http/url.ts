import type { ConnectionRequest } from '../ports.ts';

/** The request's URL with `query` merged in; the app sends exactly this URL. */
export function requestUrl(req: Pick<ConnectionRequest, 'url' | 'query'>): string {
  if (!req.query || Object.keys(req.query).length === 0) return req.url;
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
