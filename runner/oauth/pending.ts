import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { open, seal } from '../secrets/seal.ts';

/** A connect waits this long for its callback (the same as the app's pending sign-ins). */
export const PENDING_TTL_MS = 10 * 60_000;

/** What the callback needs to finish a connect; sealed, because the PKCE verifier and a client secret are in it. */
export const PendingConnect = z.object({
  linkName: z.string(),
  serviceId: z.string(),
  dataCenterId: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  redirectUri: z.string(),
  verifier: z.string(),
  clientSecret: z.string().optional(),
});
export type PendingConnect = z.infer<typeof PendingConnect>;

export const stateHash = (state: string): string => createHash('sha256').update(state).digest('base64url');

export interface PendingStore {
  save(state: string, pending: PendingConnect, expiresAt: number): void;
  /** Removes and returns the pending connect of this state: a state works once (RFC 9700 §4.7). */
  take(state: string): { pending: PendingConnect; expiresAt: number } | undefined;
  /** Whether a connect with this state still waits (the CLI polls it while the server takes the callback). */
  waiting(state: string): boolean;
}

export function sqlitePending(db: Database.Database, key: Buffer): PendingStore {
  const put = db.prepare<[string, string, string, number]>(
    'INSERT INTO oauth_pending (state_hash, link_name, sealed, expires_at) VALUES (?, ?, ?, ?)',
  );
  const take = db.prepare<[string], { sealed: string; expires_at: number }>(
    'DELETE FROM oauth_pending WHERE state_hash = ? RETURNING sealed, expires_at',
  );
  const has = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM oauth_pending WHERE state_hash = ?');
  const purge = db.prepare<[number]>('DELETE FROM oauth_pending WHERE expires_at <= ?');
  return {
    save(state, pending, expiresAt) {
      purge.run(Date.now() - PENDING_TTL_MS);
      const id = stateHash(state);
      put.run(id, pending.linkName, seal(key, JSON.stringify(PendingConnect.parse(pending)), `pending:${id}`), expiresAt);
    },
    take(state) {
      const id = stateHash(state);
      const row = take.get(id);
      if (!row) return undefined;
      return { pending: PendingConnect.parse(JSON.parse(open(key, row.sealed, `pending:${id}`))), expiresAt: row.expires_at };
    },
    waiting: (state) => (has.get(stateHash(state))?.n ?? 0) > 0,
  };
}
