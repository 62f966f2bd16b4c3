import { describe, expect, it } from 'vitest';
import { SERVER_CLIENT_ID } from '../../../sandbox/accounts/strict.ts';
import { authorize, tokenRequest } from '../../../sandbox/testing/oauth-client.ts';
import { call, control, useSandbox } from './helpers.ts';

const env = useSandbox();
const APP = 'http://localhost:5173';
const SECRET = 'strict-test-secret-4711';

async function serverCode(): Promise<{ code: string; verifier: string }> {
  const { redirect, pkce } = await authorize(env.url, {
    scopes: ['ZohoBigin.modules.ALL'],
    offline: true,
    prompt: 'consent',
    clientId: SERVER_CLIENT_ID,
  });
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code: ${redirect.searchParams.get('error')}`);
  return { code, verifier: pkce.verifier };
}

const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  tokenRequest(env.url, {
    grant_type: 'authorization_code',
    client_id: SERVER_CLIENT_ID,
    code,
    code_verifier: verifier,
    redirect_uri: `${APP}/oauth/callback`,
    ...extra,
  });

describe('sandbox strict mode', () => {
  it('is off by default: the token endpoint and Books answer with CORS headers for the app', async () => {
    expect(env.sandbox.settings().strict).toBe(false);
    const token = await call(env.url, '/oauth/v2/token', { method: 'POST', headers: { origin: APP } });
    expect(token.headers.get('access-control-allow-origin')).toBe(APP);
    const books = await call(env.url, '/books/v3/organizations', { headers: { origin: APP } });
    expect(books.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('withholds CORS from /oauth/v2/token, revoke and the Books API, but not from Bigin', async () => {
    expect((await control(env.url, '/_sandbox/settings', { strict: true })).status).toBe(200);
    for (const path of ['/oauth/v2/token', '/oauth/v2/token/revoke', '/oauth/v2/revoke/token']) {
      const res = await call(env.url, path, { method: 'POST', headers: { origin: APP } });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    for (const path of ['/books/v3/organizations', '/api/v3/contacts']) {
      const res = await call(env.url, path, { headers: { origin: APP } });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const preflight = await call(env.url, '/books/v3/contacts', {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const bigin = await call(env.url, '/bigin/v2/Contacts', { headers: { origin: APP } });
    expect(bigin.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('rejects bad strict and serverClientSecret values', async () => {
    expect((await control(env.url, '/_sandbox/settings', { strict: 'yes' })).body.error).toMatch(/strict must be true or false/);
    expect((await control(env.url, '/_sandbox/settings', { serverClientSecret: 'short' })).body.error).toMatch(/serverClientSecret must be 8 to 200/);
  });
});

describe('the server-based client workflow-builder-server', () => {
  it('gets no token without its client secret, or with a wrong one', async () => {
    await control(env.url, '/_sandbox/settings', { serverClientSecret: SECRET });
    const first = await serverCode();
    expect((await exchange(first.code, first.verifier)).body).toMatchObject({ error: 'invalid_client' });
    const second = await serverCode();
    expect((await exchange(second.code, second.verifier, { client_secret: 'wrong-secret-value' })).body).toMatchObject({
      error: 'invalid_client_secret',
    });
  });

  it('gets tokens with its secret, refreshes and revokes only with it', async () => {
    await control(env.url, '/_sandbox/settings', { serverClientSecret: SECRET });
    const { code, verifier } = await serverCode();
    const issued = await exchange(code, verifier, { client_secret: SECRET });
    expect(issued.body.access_token).toBeTruthy();
    const refreshToken = issued.body.refresh_token ?? '';
    const refused = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: SERVER_CLIENT_ID, refresh_token: refreshToken });
    expect(refused.body).toMatchObject({ error: 'invalid_client' });
    const refreshed = await tokenRequest(env.url, {
      grant_type: 'refresh_token',
      client_id: SERVER_CLIENT_ID,
      refresh_token: refreshToken,
      client_secret: SECRET,
    });
    expect(refreshed.body.access_token).toBeTruthy();
    const form = (extra: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: SERVER_CLIENT_ID, ...extra }).toString(),
    });
    expect((await call(env.url, '/oauth/v2/token/revoke', form({}))).body).toMatchObject({ error: 'invalid_client' });
    const basic = Buffer.from(`${SERVER_CLIENT_ID}:${SECRET}`).toString('base64');
    const revoked = await call(env.url, '/oauth/v2/revoke/token', {
      ...form({}),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    });
    expect(revoked.body).toEqual({ status: 'success' });
  });
});
