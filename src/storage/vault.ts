import { database } from './lifecycle.ts';
import type { KeyRow, VaultRow } from './db.ts';

/**
 * Raw access to the vault tables. Rows hold ciphertext only; auth/ encrypts and decrypts.
 * The key row holds a non-extractable CryptoKey, read by primary key only.
 */
export async function getVaultRow(id: string): Promise<VaultRow | undefined> {
  return database().vault.get(id);
}

export async function putVaultRow(row: VaultRow): Promise<void> {
  await database().vault.put(row);
}

export async function deleteVaultRows(ids: string[]): Promise<void> {
  await database().vault.bulkDelete(ids);
}

export async function deleteVaultRowsWithPrefix(prefix: string): Promise<void> {
  await database().vault.where('id').startsWith(prefix).delete();
}

export async function getKeyRow(id: string): Promise<KeyRow | undefined> {
  return database().keys.get(id);
}

export async function putKeyRow(row: KeyRow): Promise<void> {
  await database().keys.put(row);
}

/** One-time pending authorization records (their secret parts are vault rows). */
export async function putPending(row: { id: string; expiresAt: number } & Record<string, unknown>): Promise<void> {
  await database().pending.put(row);
}

/** Reads and deletes in one transaction: a pending record can be used once only. */
export async function takePending(id: string): Promise<Record<string, unknown> | undefined> {
  const db = database();
  return db.transaction('rw', db.pending, async () => {
    const row = await db.pending.get(id);
    if (row) await db.pending.delete(id);
    return row;
  });
}

export async function deletePendingWhere(predicate: (row: Record<string, unknown>) => boolean): Promise<string[]> {
  const db = database();
  const rows = await db.pending.filter(predicate).toArray();
  const ids = rows.map((row) => String(row.id));
  await db.pending.bulkDelete(ids);
  return ids;
}

export async function purgeExpiredPending(now: number): Promise<string[]> {
  const db = database();
  const ids = (await db.pending.where('expiresAt').below(now).primaryKeys()).map(String);
  await db.pending.bulkDelete(ids);
  return ids;
}
