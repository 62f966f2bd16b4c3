/** What auth/ takes from the outside world; tests swap in a fake clock or a counting fetch. */
export interface AuthDeps {
  fetch: typeof fetch;
  now: () => number;
}

const defaults: AuthDeps = {
  fetch: (input, init) => globalThis.fetch(input, init),
  now: () => Date.now(),
};

let current: AuthDeps = defaults;

export function authDeps(): AuthDeps {
  return current;
}

export function configureAuth(change: Partial<AuthDeps> | null): void {
  current = change ? { ...current, ...change } : defaults;
}
