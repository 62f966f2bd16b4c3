import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDatabase, database, resetDatabaseForTests } from '../../../src/storage/index.ts';
import { resetVaultForTests, vaultGet, vaultKey, vaultMode, vaultPut } from '../../../src/auth/vault.ts';

beforeEach(() => {
  resetDatabaseForTests(new AppDatabase(`vault-${crypto.randomUUID()}`));
  resetVaultForTests();
});
afterEach(() => resetDatabaseForTests());

describe('vault', () => {
  it('keeps its AES-GCM key non-extractable: exportKey rejects', async () => {
    const key = await vaultKey();
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('round-trips a secret and stores only ciphertext', async () => {
    const secret = 'tok-PLANTED-1234567890';
    await vaultPut('conn:conn_abcd:tokens', secret);
    expect(await vaultGet('conn:conn_abcd:tokens')).toBe(secret);
    const row = await database().vault.get('conn:conn_abcd:tokens');
    const stored = new TextDecoder().decode(row!.ciphertext);
    expect(stored).not.toContain('PLANTED');
    expect(row!.iv.byteLength).toBe(12);
  });

  it('reuses the stored key after the in-memory cache is dropped (a reload)', async () => {
    await vaultPut('a', 'value-a');
    resetVaultForTests();
    expect(await vaultGet('a')).toBe('value-a');
    expect(vaultMode()).toBe('persistent');
  });

  it('binds each ciphertext to its row id: a row copied under another id does not decrypt', async () => {
    await vaultPut('conn:one:tokens', 'secret-one');
    const row = await database().vault.get('conn:one:tokens');
    await database().vault.put({ ...row!, id: 'conn:two:tokens' });
    expect(await vaultGet('conn:two:tokens')).toBeUndefined();
  });

  it('uses a fresh IV per write', async () => {
    await vaultPut('x', 'same');
    const first = await database().vault.get('x');
    await vaultPut('x', 'same');
    const second = await database().vault.get('x');
    expect(Buffer.from(first!.iv).equals(Buffer.from(second!.iv))).toBe(false);
  });

  it('switches to session-only mode when the key cannot be stored (DataCloneError)', async () => {
    const table = database().keys;
    const original = table.put.bind(table);
    table.put = (() => Promise.reject(new DOMException('cannot clone', 'DataCloneError'))) as unknown as typeof table.put;
    try {
      await vaultPut('s', 'session secret');
      expect(vaultMode()).toBe('session-only');
      expect(await vaultGet('s')).toBe('session secret');
    } finally {
      table.put = original;
    }
  });
});
