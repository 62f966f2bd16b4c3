import { z } from 'zod';
import { putPending, takePending, purgeExpiredPending, deletePendingWhere, deleteVaultRows } from '../storage/index.ts';
import { vaultIds } from './secrets.ts';

/** A started authorization lives at most this long (RFC 9700 §2.1.1: transaction-specific, short-lived). */
export const PENDING_TTL_MS = 10 * 60_000;

export const PendingAuthorization = z.object({
  id: z.string(),
  kind: z.literal('authorize'),
  connectionId: z.string(),
  redirectUri: z.string(),
  issuer: z.string(),
  issRequired: z.boolean(),
  pkce: z.boolean(),
  expiresAt: z.number(),
  createdAt: z.number(),
});
export type PendingAuthorization = z.infer<typeof PendingAuthorization>;

/** Rows are keyed by a hash of `state`, so the table never holds the value an attacker would need. */
export async function pendingIdOf(state: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const usedIdOf = (pendingId: string) => `used_${pendingId}`;

export async function savePending(row: PendingAuthorization): Promise<void> {
  await putPending(row);
}

export type TakeResult = { kind: 'found'; pending: PendingAuthorization } | { kind: 'used' } | { kind: 'unknown' };

/**
 * Reads and deletes the record in one transaction, then leaves a tombstone for the rest of its life,
 * so a replayed callback is told apart from a forged one (RFC 9700 §4.2.4).
 */
export async function takePendingFor(state: string, now: number): Promise<TakeResult> {
  const id = await pendingIdOf(state);
  const row = await takePending(id);
  if (!row) {
    const used = await takePending(usedIdOf(id));
    if (!used) return { kind: 'unknown' };
    await putPending({ ...used, id: usedIdOf(id), expiresAt: Number(used.expiresAt) });
    return { kind: 'used' };
  }
  const parsed = PendingAuthorization.safeParse(row);
  if (!parsed.success) return { kind: 'unknown' };
  await putPending({ id: usedIdOf(id), kind: 'used', expiresAt: Math.max(parsed.data.expiresAt, now + PENDING_TTL_MS) });
  return { kind: 'found', pending: parsed.data };
}

export async function purgeExpired(now: number): Promise<void> {
  const ids = await purgeExpiredPending(now);
  await deleteVaultRows(ids.map(vaultIds.verifier));
}

export async function deletePendingFor(connectionId: string): Promise<void> {
  const ids = await deletePendingWhere((row) => row.connectionId === connectionId);
  await deleteVaultRows(ids.map(vaultIds.verifier));
}
