import { describe, expect, it } from 'vitest';
import {
  authorize,
  authorizeUrl,
  CLIENT_ID,
  DEFAULT_REDIRECT,
  exchange,
  getTokens,
  pkcePair,
  tokenRequest,
} from '../../../sandbox/testing/oauth-client.ts';
import { BOOKS_ORG, call, control, useSandbox } from './helpers.ts';

const env = useSandbox();
const SCOPES = ['ZohoBooks.contacts.READ'];
const booksRead = (token: string) => call(env.url, `/books/v3/contacts?organization_id=${BOOKS_ORG}`, { token });

async function code(opts: Parameters<typeof authorize>[1] = { scopes: SCOPES, offline: true, prompt: 'consent' }) {
  const { redirect, pkce } = await authorize(env.url, opts);
  return { code: redirect.searchParams.get('code') ?? '', redirect, pkce };
}

describe('authorization endpoint', () => {
  it('shows a consent page with user, app, organization and labelled scopes', async () => {
    const { challenge } = pkcePair();
    const res = await call(env.url, authorizeUrl(env.url, { scopes: ['ZohoBigin.modules.contacts.READ', 'ZohoBooks.contacts.CREATE'], challenge }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sam Sandbox');
    expect(res.text).toContain('Workflow Builder');
    expect(res.text).toContain('Bigin: Contacts, read');
    expect(res.text).toContain('Books: Contacts, create');
    expect(res.text).toContain('organization_id 10234695');
    expect(res.text).toMatch(/<button[^>]*value="accept"[^>]*>Accept<\/button>/);
    expect(res.text).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('redirects with code, state, location and accounts-server on Accept', async () => {
    const { redirect } = await code({ scopes: SCOPES, state: 'xyz-123', prompt: 'consent' });
    expect(redirect.origin + redirect.pathname).toBe(DEFAULT_REDIRECT);
    expect(redirect.searchParams.get('code')).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(redirect.searchParams.get('state')).toBe('xyz-123');
    expect(redirect.searchParams.get('location')).toBe('sandbox');
    expect(redirect.searchParams.get('accounts-server')).toBe(env.url);
  });

  it('returns error=access_denied with the state on Deny', async () => {
    const { redirect } = await code({ scopes: SCOPES, state: 's-deny', decision: 'deny', prompt: 'consent' });
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('s-deny');
    expect(redirect.searchParams.has('code')).toBe(false);
  });

  it('refuses an unknown redirect URI with a page, never redirecting', async () => {
    const { challenge } = pkcePair();
    const res = await call(env.url, authorizeUrl(env.url, { scopes: SCOPES, challenge, redirectUri: 'http://localhost:5173/elsewhere' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('is not registered');
    const evil = await call(env.url, authorizeUrl(env.url, { scopes: SCOPES, challenge, redirectUri: 'https://evil.example/oauth/callback' }));
    expect(evil.status).toBe(400);
  });

  it('refuses an unknown client with a page', async () => {
    const { challenge } = pkcePair();
    const url = new URL(authorizeUrl(env.url, { scopes: SCOPES, challenge }));
    url.searchParams.set('client_id', 'someone-else');
    const res = await call(env.url, url.toString());
    expect(res.status).toBe(400);
    expect(res.text).toContain('Unknown client_id');
  });

  it('requires a PKCE S256 challenge', async () => {
    const { challenge } = pkcePair();
    const missing = new URL(authorizeUrl(env.url, { scopes: SCOPES, challenge, state: 's1' }));
    missing.searchParams.delete('code_challenge');
    let res = await call(env.url, missing.toString());
    expect(res.status).toBe(302);
    let loc = new URL(res.headers.get('location') ?? '');
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('error_description')).toContain('code_challenge is required');
    expect(loc.searchParams.get('state')).toBe('s1');

    const plain = new URL(authorizeUrl(env.url, { scopes: SCOPES, challenge }));
    plain.searchParams.set('code_challenge_method', 'plain');
    res = await call(env.url, plain.toString());
    loc = new URL(res.headers.get('location') ?? '');
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('error_description')).toContain('S256');
  });

  it('rejects unknown scopes and the implicit flow', async () => {
    const { challenge } = pkcePair();
    let res = await call(env.url, authorizeUrl(env.url, { scopes: ['ZohoCRM.everything.ALL'], challenge }));
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
    const implicit = new URL(authorizeUrl(env.url, { scopes: SCOPES, challenge }));
    implicit.searchParams.set('response_type', 'token');
    res = await call(env.url, implicit.toString());
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('remembers consent: without prompt=consent it redirects at once and gives no new refresh token', async () => {
    const first = await code({ scopes: SCOPES, offline: true, prompt: 'consent' });
    expect((await exchange(env.url, first.code, first.pkce.verifier)).body.refresh_token).toBeTruthy();
    const pkce = pkcePair();
    const res = await call(env.url, authorizeUrl(env.url, { scopes: SCOPES, offline: true, challenge: pkce.challenge }));
    expect(res.status).toBe(302);
    const again = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await exchange(env.url, again, pkce.verifier);
    expect(tokens.body.access_token).toBeTruthy();
    expect(tokens.body.refresh_token).toBeUndefined();
  });
});

describe('token endpoint', () => {
  it('exchanges a code with the right verifier (PKCE happy path)', async () => {
    const { code: c, pkce } = await code();
    const { status, body } = await exchange(env.url, c, pkce.verifier);
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^1000\./),
      refresh_token: expect.stringMatching(/^1000\./),
      api_domain: env.url,
      token_type: 'Bearer',
      expires_in: 3600,
    });
    expect((await booksRead(body.access_token ?? '')).status).toBe(200);
  });

  it('gives no refresh token for access_type=online', async () => {
    const { code: c, pkce } = await code({ scopes: SCOPES, prompt: 'consent' });
    const { body } = await exchange(env.url, c, pkce.verifier);
    expect(body.access_token).toBeTruthy();
    expect(body.refresh_token).toBeUndefined();
  });

  it('rejects a wrong verifier with invalid_code', async () => {
    const { code: c } = await code();
    const { status, body } = await exchange(env.url, c, pkcePair().verifier);
    expect(status).toBe(200);
    expect(body.error).toBe('invalid_code');
    expect(body.error_description).toContain('does not match');
    expect(body.access_token).toBeUndefined();
  });

  it('rejects a missing verifier', async () => {
    const { code: c } = await code();
    const { body } = await tokenRequest(env.url, { grant_type: 'authorization_code', client_id: CLIENT_ID, code: c, redirect_uri: DEFAULT_REDIRECT });
    expect(body.error).toBe('invalid_code');
    expect(body.error_description).toContain('code_verifier is required');
  });

  it('rejects a reused code and revokes what the first use issued', async () => {
    const { code: c, pkce } = await code();
    const first = await exchange(env.url, c, pkce.verifier);
    expect((await booksRead(first.body.access_token ?? '')).status).toBe(200);
    const second = await exchange(env.url, c, pkce.verifier);
    expect(second.body.error).toBe('invalid_code');
    expect(second.body.error_description).toContain('already been used');
    expect((await booksRead(first.body.access_token ?? '')).status).toBe(401);
  });

  it('rejects an expired code (120 s life)', async () => {
    const { code: c, pkce } = await code();
    await control(env.url, '/_sandbox/clock/advance', { ms: 121_000 });
    const { body } = await exchange(env.url, c, pkce.verifier);
    expect(body.error).toBe('invalid_code');
    expect(body.error_description).toContain('expired');
  });

  it('rejects a redirect_uri that differs from the authorization request', async () => {
    const { code: c, pkce } = await code();
    const { body } = await exchange(env.url, c, pkce.verifier, 'http://localhost:4173/oauth/callback');
    expect(body.error).toBe('invalid_redirect_uri');
  });

  it('rejects unknown clients and grant types', async () => {
    let res = await tokenRequest(env.url, { grant_type: 'authorization_code', client_id: 'nope', code: 'x', redirect_uri: DEFAULT_REDIRECT });
    expect(res.body.error).toBe('invalid_client');
    res = await tokenRequest(env.url, { grant_type: 'password', client_id: CLIENT_ID });
    expect(res.body.error).toBe('unsupported_grant_type');
  });

  it('answers errors with HTTP 400 when oauthErrorStatus is 400', async () => {
    await control(env.url, '/_sandbox/settings', { oauthErrorStatus: 400 });
    const res = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: '1000.nope.nope' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_code');
  });

  it('accepts parameters in the query string, as Zoho examples send them', async () => {
    const { code: c, pkce } = await code();
    const q = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: c,
      code_verifier: pkce.verifier,
      redirect_uri: DEFAULT_REDIRECT,
    });
    const res = await call(env.url, `/oauth/v2/token?${q}`, { method: 'POST' });
    expect(res.body.access_token).toMatch(/^1000\./);
  });
});

describe('refresh, expiry and revocation', () => {
  it('refreshes without rotating the refresh token by default', async () => {
    const tokens = await getTokens(env.url, SCOPES);
    const refreshed = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect(refreshed.body.access_token).toMatch(/^1000\./);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect(refreshed.body.api_domain).toBe(env.url);
    expect((await booksRead(refreshed.body.access_token ?? '')).status).toBe(200);
    const again = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect(again.body.access_token).toBeTruthy();
  });

  it('rotates refresh tokens when the switch is on, retiring the old one', async () => {
    await control(env.url, '/_sandbox/settings', { rotateRefreshTokens: true });
    const tokens = await getTokens(env.url, SCOPES);
    const refreshed = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect(refreshed.body.refresh_token).toMatch(/^1000\./);
    const old = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect(old.body.error).toBe('invalid_code');
  });

  it('enforces access-token expiry (settable life, expire-now switch)', async () => {
    await control(env.url, '/_sandbox/settings', { accessTokenTtlSeconds: 30 });
    const tokens = await getTokens(env.url, SCOPES);
    expect(tokens.expires_in).toBe(30);
    expect((await booksRead(tokens.access_token)).status).toBe(200);
    await control(env.url, '/_sandbox/clock/advance', { ms: 31_000 });
    const expired = await booksRead(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe(57);

    const fresh = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect((await booksRead(fresh.body.access_token ?? '')).status).toBe(200);
    await control(env.url, '/_sandbox/tokens/expire');
    expect((await booksRead(fresh.body.access_token ?? '')).status).toBe(401);
  });

  it('revokes a refresh token at /oauth/v2/token/revoke, with its access tokens', async () => {
    const tokens = await getTokens(env.url, SCOPES);
    const res = await call(env.url, `/oauth/v2/token/revoke?token=${encodeURIComponent(tokens.refresh_token ?? '')}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success' });
    expect((await booksRead(tokens.access_token)).status).toBe(401);
    const refresh = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect(refresh.body.error).toBe('invalid_code');
    const again = await call(env.url, `/oauth/v2/token/revoke?token=${encodeURIComponent(tokens.refresh_token ?? '')}`, { method: 'POST' });
    expect(again.status).toBe(400);
  });

  it('revokes an access token at /oauth/v2/revoke/token (form body)', async () => {
    const tokens = await getTokens(env.url, SCOPES);
    const res = await call(env.url, '/oauth/v2/revoke/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, token_type: 'access_token' }),
    });
    expect(res.body).toEqual({ status: 'success' });
    expect((await booksRead(tokens.access_token)).status).toBe(401);
    const refreshed = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect(refreshed.body.access_token).toBeTruthy();
  });

  it('revoke-all ends every grant', async () => {
    const tokens = await getTokens(env.url, SCOPES);
    await control(env.url, '/_sandbox/tokens/revoke-all');
    expect((await booksRead(tokens.access_token)).status).toBe(401);
    const refresh = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    expect(refresh.body.error).toBe('invalid_code');
  });
});

describe('metadata and request log', () => {
  it('publishes RFC 8414 metadata', async () => {
    const res = await call(env.url, '/.well-known/oauth-authorization-server');
    expect(res.body.issuer).toBe(env.url);
    expect(res.body.token_endpoint).toBe(`${env.url}/oauth/v2/token`);
    expect(res.body.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('records grant types but never codes, tokens or verifiers', async () => {
    const before = (await call(env.url, '/_sandbox/requests')).body as { seq: number }[];
    const since = before.at(-1)?.seq ?? 0;
    const tokens = await getTokens(env.url, SCOPES);
    await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token ?? '' });
    await call(env.url, `/oauth/v2/token/revoke?token=${encodeURIComponent(tokens.refresh_token ?? '')}`, { method: 'POST' });
    const log = await call(env.url, `/_sandbox/requests?since=${since}`);
    const tokenCalls = (log.body as { path: string; grantType?: string }[]).filter((r) => r.path === '/oauth/v2/token');
    expect(tokenCalls.map((r) => r.grantType)).toEqual(['authorization_code', 'refresh_token']);
    expect(log.text).not.toContain(tokens.access_token);
    expect(log.text).not.toContain(tokens.refresh_token ?? 'missing');
    expect(log.text).toContain('[redacted]');
    expect(log.text).not.toMatch(/1000\.[0-9a-f]{32}/);
  });
});
