import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completeAuthorization, configureAuth, startAuthorization } from '../../../src/auth/index.ts';
import { readTokens } from '../../../src/auth/secrets.ts';
import { AppError } from '../../../src/domain/index.ts';
import { database, getConnection } from '../../../src/storage/index.ts';
import { REDIRECT_URI, connectionFor, customOAuthService, freshStores } from './fixtures.ts';
import { ProviderServer } from './provider-server.ts';

const server = new ProviderServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  freshStores();
  server.seen.length = 0;
});

async function started(extra = {}) {
  const service = await customOAuthService(server.origin, extra);
  const connection = await connectionFor(service);
  const url = new URL(await startAuthorization(connection.id, REDIRECT_URI));
  return { service, connection, url, state: url.searchParams.get('state')! };
}

function callback(params: Record<string, string>, hash = ''): string {
  return `${REDIRECT_URI}?${new URLSearchParams(params)}${hash}`;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'resolved';
}

describe('startAuthorization (S1, S2, S8)', () => {
  it('asks for code + PKCE S256 with a 43-character challenge and never puts the verifier in the URL', async () => {
    const { url } = await started();
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.has('code_verifier')).toBe(false);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('scope')).toBe('read');
    expect(url.searchParams.get('client_id')).toBe('client-1');
  });

  it('uses a new state and verifier per attempt and keeps the verifier only as ciphertext', async () => {
    const service = await customOAuthService(server.origin);
    const connection = await connectionFor(service);
    const a = new URL(await startAuthorization(connection.id, REDIRECT_URI));
    const b = new URL(await startAuthorization(connection.id, REDIRECT_URI));
    expect(a.searchParams.get('state')).not.toBe(b.searchParams.get('state'));
    expect(a.searchParams.get('code_challenge')).not.toBe(b.searchParams.get('code_challenge'));
    const pending = await database().pending.toArray();
    expect(pending).toHaveLength(2);
    expect(JSON.stringify(pending)).not.toContain(a.searchParams.get('state'));
    for (const row of pending) expect(Number(row.expiresAt) - Number(row.createdAt)).toBeLessThanOrEqual(10 * 60_000);
  });
});

describe('completeAuthorization', () => {
  it('exchanges the code with the same redirect_uri and the matching verifier, then stores tokens encrypted', async () => {
    const { connection, url, state } = await started();
    const result = await completeAuthorization(callback({ code: 'c-1', state }));
    expect(result.connectionId).toBe(connection.id);
    const tokenRequest = server.seen.find((r) => r.path === '/token')!;
    expect(tokenRequest.form.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(ProviderServer.challengeOf(tokenRequest.form.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
    expect((await getConnection(connection.id))?.status).toBe('connected');
    expect((await readTokens(connection.id))?.accessToken).toMatch(/^access-/);
    expect(JSON.stringify(await database().connections.toArray())).not.toContain('SECRET');
  });

  it('refuses a forged state, a missing state and a repeated state or code, with no token request (S3, S4)', async () => {
    const { connection, state } = await started();
    expect(await codeOf(completeAuthorization(callback({ code: 'c', state: `${state}x` })))).toBe('OAUTH_STATE_MISMATCH');
    expect(await codeOf(completeAuthorization(callback({ code: 'c' })))).toBe('OAUTH_STATE_MISMATCH');
    expect(await codeOf(completeAuthorization(`${callback({ code: 'c', state })}&state=${state}`))).toBe('OAUTH_STATE_MISMATCH');
    expect(await codeOf(completeAuthorization(`${callback({ code: 'c', state })}&code=other`))).toBe('OAUTH_STATE_MISMATCH');
    expect(server.count('/token')).toBe(0);
    expect((await getConnection(connection.id))?.status).toBe('not_connected');
  });

  it('refuses a replayed callback with OAUTH_STATE_UNKNOWN and sends nothing (S5)', async () => {
    const { state } = await started();
    await completeAuthorization(callback({ code: 'c', state }));
    expect(await codeOf(completeAuthorization(callback({ code: 'c', state })))).toBe('OAUTH_STATE_UNKNOWN');
    expect(server.count('/token')).toBe(1);
  });

  it('expires a pending sign-in after 10 minutes (S2, fake clock)', async () => {
    let now = 1_000_000;
    configureAuth({ now: () => now });
    const { state } = await started();
    now += 10 * 60_000 + 1;
    expect(await codeOf(completeAuthorization(callback({ code: 'c', state })))).toBe('OAUTH_STATE_EXPIRED');
    expect(server.count('/token')).toBe(0);
  });

  it('reports access_denied specifically and clears the pending record (S6)', async () => {
    const { connection, state } = await started();
    expect(await codeOf(completeAuthorization(callback({ error: 'access_denied', state })))).toBe('OAUTH_ACCESS_DENIED');
    expect(server.count('/token')).toBe(0);
    expect((await database().pending.toArray()).filter((r) => r.kind === 'authorize')).toHaveLength(0);
    expect((await getConnection(connection.id))?.lastError?.code).toBe('OAUTH_ACCESS_DENIED');
  });

  it('never accepts an implicit-flow answer (S10)', async () => {
    const { state } = await started();
    expect(await codeOf(completeAuthorization(callback({ state }, '#access_token=abc&token_type=bearer')))).toBe('OAUTH_BAD_RESPONSE');
    expect(server.count('/token')).toBe(0);
  });

  it('checks iss when the configured issuer advertises it (RFC 9207)', async () => {
    const first = await started({ issuer: server.origin });
    expect(await codeOf(completeAuthorization(callback({ code: 'c', state: first.state })))).toBe('OAUTH_ISSUER_MISMATCH');
    const second = new URL(await startAuthorization(first.connection.id, REDIRECT_URI)).searchParams.get('state')!;
    expect(await codeOf(completeAuthorization(callback({ code: 'c', state: second, iss: 'https://evil.example' })))).toBe('OAUTH_ISSUER_MISMATCH');
    expect(server.count('/token')).toBe(0);
    const third = new URL(await startAuthorization(first.connection.id, REDIRECT_URI)).searchParams.get('state')!;
    await completeAuthorization(callback({ code: 'c', state: third, iss: server.origin }));
    expect(server.count('/token')).toBe(1);
  });
});
