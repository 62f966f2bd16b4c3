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
