import { AppError } from '../domain/index.ts';
import { deleteVaultRows, deleteVaultRowsWithPrefix, getKeyRow, getVaultRow, putKeyRow, putVaultRow } from '../storage/index.ts';
import { withLock } from './locks.ts';

/**
 * Secrets at rest: AES-GCM under one non-extractable WebCrypto key kept in its own table, so the
 * key can be used by this origin's pages but never read out (draft-ietf-oauth-browser-based-apps,
 * "token storage"). The row id is bound as additional data, so a ciphertext moved to another row
 * does not decrypt.
 */
const KEY_ID = 'vault-key-v1';
const IV_BYTES = 12;

export type VaultMode = 'persistent' | 'session-only';

let keyPromise: Promise<CryptoKey> | null = null;
let mode: VaultMode = 'persistent';
const modeListeners = new Set<(mode: VaultMode) => void>();

export function vaultMode(): VaultMode {
  return mode;
}

export function onVaultModeChange(listener: (mode: VaultMode) => void): () => void {
  modeListeners.add(listener);
  listener(mode);
  return () => modeListeners.delete(listener);
}

function setMode(next: VaultMode): void {
  mode = next;
  for (const listener of modeListeners) listener(next);
}

async function newKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function loadOrCreateKey(): Promise<CryptoKey> {
  // Two tabs starting together must not each create a key: the loser's ciphertexts would be lost.
  return withLock('vault-key', async () => {
    const row = await getKeyRow(KEY_ID);
    if (row?.key instanceof CryptoKey) return row.key;
    const key = await newKey();
    try {
      await putKeyRow({ id: KEY_ID, key });
    } catch (error) {
      // Some browsers cannot structured-clone a CryptoKey into IndexedDB (tkhq/sdk#1454): keep the key in memory only.
      if (error instanceof Error && error.name === 'DataCloneError') {
        setMode('session-only');
        return key;
      }
      throw new AppError('VAULT_UNAVAILABLE', `The secret store could not save its key (${error instanceof Error ? error.name : 'error'}).`);
    }
    return key;
  });
}

export function vaultKey(): Promise<CryptoKey> {
  keyPromise ??= loadOrCreateKey().catch((error: unknown) => {
    keyPromise = null;
    throw error;
  });
  return keyPromise;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function vaultPut(id: string, value: string): Promise<void> {
  const key = await vaultKey();
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(id) }, key, encoder.encode(value));
  await putVaultRow({ id, iv, ciphertext, updatedAt: Date.now() });
}

/** The plaintext, or undefined when there is no row or it no longer decrypts (a lost session-only key). */
export async function vaultGet(id: string): Promise<string | undefined> {
  const row = await getVaultRow(id);
  if (!row) return undefined;
  const key = await vaultKey();
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(row.iv), additionalData: encoder.encode(id) },
      key,
      row.ciphertext,
    );
    return decoder.decode(plain);
  } catch {
    return undefined;
  }
}

export async function vaultHas(id: string): Promise<boolean> {
  return (await getVaultRow(id)) !== undefined;
}

export async function vaultDelete(...ids: string[]): Promise<void> {
  await deleteVaultRows(ids);
}

export async function vaultDeletePrefix(prefix: string): Promise<void> {
  await deleteVaultRowsWithPrefix(prefix);
}

/** For tests: forget the cached key so the next use reads (or creates) it again. */
export function resetVaultForTests(): void {
  keyPromise = null;
  setMode('persistent');
}
