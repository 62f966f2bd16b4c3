import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureAuth, disconnect, getAccessToken } from '../../../src/auth/index.ts';
import { readTokens, writeTokens } from '../../../src/auth/secrets.ts';
import { AppError, type Connection } from '../../../src/domain/index.ts';
import { database, getConnection } from '../../../src/storage/index.ts';
import { connectionFor, customOAuthService, freshStores } from './fixtures.ts';
import { ProviderServer } from './provider-server.ts';

const server = new ProviderServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  freshStores();
  server.seen.length = 0;
  server.refreshReply = null;
  server.tokenDelayMs = 0;
});

async function connectedWith(expiresInMs: number, refreshToken: string | undefined = 'refresh-0-SECRET'): Promise<Connection> {
  const service = await customOAuthService(server.origin);
  const connection = await connectionFor(service, { status: 'connected', authorizedAt: Date.now() });
  await writeTokens(connection.id, {
    accessToken: 'access-0-SECRET',
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: Date.now() + expiresInMs,
    version: 1,
  });
  return connection;
}

describe('getAccessToken', () => {
  it('returns the stored token without a request while it has more than 60 s left', async () => {
    const connection = await connectedWith(61_000 + 5_000);
    expect(await getAccessToken(connection)).toBe('access-0-SECRET');
    expect(server.count('/token')).toBe(0);
  });

  it('refreshes once for many concurrent callers when the token expires within 60 s (single flight)', async () => {
    const connection = await connectedWith(30_000);
    server.tokenDelayMs = 50;
    const tokens = await Promise.all(Array.from({ length: 8 }, () => getAccessToken(connection)));
    expect(server.count('/token', 'refresh_token')).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^access-\d+-SECRET$/);
    expect(server.seen[0]?.form.get('refresh_token')).toBe('refresh-0-SECRET');
    expect((await getConnection(connection.id))?.lastRefreshAt).not.toBeNull();
  });

  it('stores a rotated refresh token in place of the old one, and keeps the old one when none is sent (S13)', async () => {
    const connection = await connectedWith(0);
    await getAccessToken(connection);
    expect((await readTokens(connection.id))?.refreshToken).toMatch(/^refresh-\d+-SECRET$/);
    const rotated = (await readTokens(connection.id))!.refreshToken;

    server.issueRefresh = false;
    const current = (await readTokens(connection.id))!;
    await writeTokens(connection.id, { ...current, expiresAt: Date.now() });
    await getAccessToken(connection);
    expect((await readTokens(connection.id))?.refreshToken).toBe(rotated);
    server.issueRefresh = true;
  });

  it('after a 401, forceRefresh refreshes once; a second forced call for the same rejected token reuses the new one', async () => {
    const connection = await connectedWith(3_600_000);
    const { sendChecked, checkRequest } = await import('../../../src/auth/index.ts');
    const { resolveService } = await import('../../../src/auth/index.ts');
    const service = (await resolveService(connection.serviceId))!;
    const checked = checkRequest(service, service.dataCenters[0]!, connection, `${server.origin}/api/x`);
    await sendChecked(checked, { method: 'GET' }, { signal: AbortSignal.timeout(5000) });
    await Promise.all([
      sendChecked(checked, { method: 'GET' }, { signal: AbortSignal.timeout(5000), forceRefresh: true }),
      sendChecked(checked, { method: 'GET' }, { signal: AbortSignal.timeout(5000), forceRefresh: true }),
    ]);
    expect(server.count('/token', 'refresh_token')).toBe(1);
  });

  for (const [label, reply] of [
    ['RFC 6749 invalid_grant (400)', { status: 400, body: '{"error":"invalid_grant"}' }],
    ["Zoho's invalid_code with HTTP 200", { status: 200, body: '{"error":"invalid_code"}' }],
  ] as const) {
    it(`marks the connection Reconnect required and wipes its tokens on ${label}, without looping (S13)`, async () => {
      const connection = await connectedWith(0);
      server.refreshReply = () => reply;
      const first = await getAccessToken(connection).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(AppError);
      expect((first as AppError).code).toBe('CONN_REAUTH_REQUIRED');
      expect((first as AppError).message).toContain(connection.linkName);
      const after = await getConnection(connection.id);
      expect(after?.status).toBe('reauth_required');
      expect(await readTokens(connection.id)).toBeUndefined();
      const second = await getAccessToken(after!).catch((e: unknown) => e);
      expect((second as AppError).code).toBe('CONN_REAUTH_REQUIRED');
      expect(server.count('/token')).toBe(1);
    });
  }

  it('reports an unreachable token server as HTTP_NETWORK and keeps the tokens', async () => {
    const service = await customOAuthService('http://127.0.0.1:9');
    const connection = await connectionFor(service, { status: 'connected' });
    await writeTokens(connection.id, { accessToken: 'a-SECRET', refreshToken: 'r-SECRET', expiresAt: Date.now(), version: 1 });
    const error = (await getAccessToken(connection).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('HTTP_NETWORK');
    expect(await readTokens(connection.id)).toBeDefined();
  });
});

describe('disconnect (S26)', () => {
  it('revokes at the provider and removes every secret and pending record of the connection', async () => {
    const connection = await connectedWith(3_600_000);
    await database().pending.put({ id: 'p1', connectionId: connection.id, expiresAt: Date.now() + 1000 });
    await database().vault.put({ id: 'pending:p1:verifier', iv: new Uint8Array(12), ciphertext: new ArrayBuffer(4), updatedAt: 0 });
    const { revoked } = await disconnect(connection.id);
    expect(revoked).toBe(true);
    expect(server.seen.find((r) => r.path === '/revoke')?.form.get('token')).toBe('refresh-0-SECRET');
    expect(await database().vault.toArray()).toEqual([]);
    expect(await database().pending.get('p1')).toBeUndefined();
    expect((await getConnection(connection.id))?.status).toBe('not_connected');
  });

  it('still wipes when the provider cannot be reached', async () => {
    configureAuth({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const connection = await connectedWith(3_600_000);
    expect((await disconnect(connection.id)).revoked).toBe(false);
    expect(await readTokens(connection.id)).toBeUndefined();
  });
});
