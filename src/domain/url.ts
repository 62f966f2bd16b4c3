import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/** https everywhere, plain http only on loopback (the local sandbox, a developer's own server). */
export function secureUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full URL, e.g. https://example.com/oauth/token';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return 'Use an https:// URL (http:// is allowed only for localhost)';
}

export const SecureUrl = z.string().superRefine((value, ctx) => {
  const problem = secureUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An origin (scheme://host[:port]) with no path, https or loopback http. */
export const SecureOrigin = SecureUrl.refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'Must be an origin such as https://api.example.com (no path or trailing slash)');

export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
