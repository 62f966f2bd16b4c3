import { AppError } from '../domain/index.ts';

/** What auth/ takes from the outside world; tests swap in a fake clock or a counting fetch. */
export interface AuthDeps {
  fetch: typeof fetch;
  now: () => number;
  /** After a fetch failed: did the page's Content Security Policy refuse to send it? */
  blockedByPolicy: (url: string) => Promise<boolean>;
}

const defaults: AuthDeps = {
  fetch: (input, init) => globalThis.fetch(input, init),
  now: () => Date.now(),
  blockedByPolicy: () => Promise.resolve(false),
};

let current: AuthDeps = defaults;

export function authDeps(): AuthDeps {
  return current;
}

/** A request the page's CSP refused never left the browser: say so rather than blame the network. */
export async function policyRefusal(url: string | URL, details: Record<string, string> = {}): Promise<AppError | null> {
  const origin = new URL(url).origin;
  if (!(await current.blockedByPolicy(String(url)))) return null;
  return new AppError('CSP_BLOCKED', `This app's Content Security Policy (connect-src) blocked the request to ${origin}`, { ...details, origin });
}

export function configureAuth(change: Partial<AuthDeps> | null): void {
  current = change ? { ...current, ...change } : defaults;
}
