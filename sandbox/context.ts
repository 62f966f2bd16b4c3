import type { Clock } from './clock.ts';
import type { SandboxSettings } from './settings.ts';
import type { Db } from './store/db.ts';
import type { TokenStore } from './accounts/tokens.ts';
import type { EventLog } from './control/events.ts';

/** What route modules share; built once by server.ts. */
export interface SandboxContext {
  db: Db;
  clock: Clock;
  tokens: TokenStore;
  events: EventLog;
  settings(): SandboxSettings;
  /** The sandbox's own origin (`http://localhost:<port>`), used as `api_domain` and `accounts-server`. */
  origin(): string;
  appOrigins: readonly string[];
}

export const CLIENT_ID = 'workflow-builder';
export const CLIENT_NAME = 'Workflow Builder';

export const SANDBOX_USER = { id: '7000000000001', name: 'Sam Sandbox', email: 'sam.sandbox@example.com' } as const;

export function redirectUris(appOrigins: readonly string[]): string[] {
  return appOrigins.map((origin) => `${origin}/oauth/callback`);
}

/** The headless runner: a native app (RFC 8252) with its own client id and a loopback redirect. */
export const RUNNER_CLIENT_ID = 'workflow-runner';
export const RUNNER_CLIENT_NAME = 'Workflow Runner';

/**
 * RFC 8252 §7.3: a native app's loopback redirect may use any port, chosen when it runs; only the IP
 * literals count as loopback (§8.3 advises against "localhost", which a resolver may send elsewhere).
 */
export function isLoopbackRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return url.protocol === 'http:' && loopback && url.port !== '' && `${url.origin}/oauth/callback` === uri;
}

/** Whether `redirectUri` is registered for `clientId`: the app's origins for the app's clients, loopback for the runner. */
export function isRegisteredRedirect(clientId: string, redirectUri: string, appOrigins: readonly string[]): boolean {
  return clientId === RUNNER_CLIENT_ID ? isLoopbackRedirect(redirectUri) : redirectUris(appOrigins).includes(redirectUri);
}
