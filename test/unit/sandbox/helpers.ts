import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type RunningSandbox, type StartOptions } from '../../../sandbox/server.ts';

export const BOOKS_ORG = '10234695';
export const ALL_SCOPES = ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all', 'ZohoBigin.org.READ'];

/** One sandbox per test file on a free port, reset to the seed before each test. */
export function useSandbox(options: StartOptions = {}): { readonly url: string; readonly sandbox: RunningSandbox } {
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir: ':memory:', ...options });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => sandbox?.reset());
  return {
    get url() {
      if (!sandbox) throw new Error('sandbox not started');
      return sandbox.url;
    },
    get sandbox() {
      if (!sandbox) throw new Error('sandbox not started');
      return sandbox;
    },
  };
}

/** Response bodies are checked field by field with expect(), which is the type check that matters here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

export interface Res<T = Body> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** fetch + parse: JSON when it parses, raw text otherwise. */
export async function call<T = Body>(base: string, path: string, init: RequestInit & { token?: string } = {}): Promise<Res<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Zoho-oauthtoken ${init.token}`);
  const res = await fetch(new URL(path, base), { ...init, headers, redirect: 'manual' });
  const text = await res.text();
  let body: Body = undefined;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export const jsonInit = (method: string, body: unknown, token?: string): RequestInit & { token?: string } => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  ...(token ? { token } : {}),
});

export const control = (base: string, path: string, body?: unknown): Promise<Res> =>
  call(base, path, body === undefined ? { method: 'POST' } : jsonInit('POST', body));
