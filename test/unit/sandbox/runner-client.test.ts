import { describe, expect, it } from 'vitest';
import { authorize, authorizeUrl, pkcePair, tokenRequest } from '../../../sandbox/testing/oauth-client.ts';
import { isLoopbackRedirect } from '../../../sandbox/context.ts';
import { call, useSandbox } from './helpers.ts';

const env = useSandbox();
const RUNNER = 'workflow-runner';
const SCOPES = ['ZohoBigin.modules.ALL'];

describe('the runner as a native OAuth client (RFC 8252)', () => {
  it('accepts a loopback redirect on any port and issues tokens for it', async () => {
    for (const port of [4030, 53117]) {
      const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
      const { redirect, pkce } = await authorize(env.url, { scopes: SCOPES, offline: true, prompt: 'consent', clientId: RUNNER, redirectUri });
      expect(redirect.origin + redirect.pathname).toBe(redirectUri);
      const code = redirect.searchParams.get('code') ?? '';
      const { body } = await tokenRequest(env.url, {
        grant_type: 'authorization_code',
        client_id: RUNNER,
        code,
        code_verifier: pkce.verifier,
        redirect_uri: redirectUri,
      });
      expect(body.access_token).toMatch(/\S{20,}/);
      expect(body.refresh_token).toMatch(/\S{20,}/);
      const refreshed = await tokenRequest(env.url, { grant_type: 'refresh_token', client_id: RUNNER, refresh_token: body.refresh_token ?? '' });
      expect(refreshed.body.access_token).toMatch(/\S{20,}/);
    }
  });

  it('names the runner on the consent page and lets the form redirect to its loopback origin', async () => {
    const { challenge } = pkcePair();
    const res = await call(
      env.url,
      authorizeUrl(env.url, { scopes: SCOPES, challenge, clientId: RUNNER, redirectUri: 'http://127.0.0.1:4031/oauth/callback', prompt: 'consent' }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('Workflow Runner');
    expect(res.headers.get('content-security-policy')).toContain('form-action');
    expect(res.headers.get('content-security-policy')).toContain('http://127.0.0.1:4031');
  });

  it('refuses non-loopback, localhost, portless and other-path redirects with a page, never redirecting', async () => {
    const { challenge } = pkcePair();
    for (const redirectUri of [
      'https://evil.example/oauth/callback',
      'http://localhost:4030/oauth/callback',
      'http://127.0.0.1/oauth/callback',
      'http://127.0.0.1:4030/elsewhere',
      'http://127.0.0.1:4030/oauth/callback?x=1',
      'http://127.0.0.2:4030/oauth/callback',
    ]) {
      const res = await call(env.url, authorizeUrl(env.url, { scopes: SCOPES, challenge, clientId: RUNNER, redirectUri }));
      expect(res.status, redirectUri).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.text).toContain('Invalid redirect URI');
    }
  });

  it('keeps the app clients on their registered origins: a loopback port is not theirs', async () => {
    const { challenge } = pkcePair();
    const res = await call(env.url, authorizeUrl(env.url, { scopes: SCOPES, challenge, redirectUri: 'http://127.0.0.1:4030/oauth/callback' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('tells loopback IP literals from everything else', () => {
    expect(isLoopbackRedirect('http://[::1]:9000/oauth/callback')).toBe(true);
    expect(isLoopbackRedirect('https://127.0.0.1:9000/oauth/callback')).toBe(false);
    expect(isLoopbackRedirect('not a url')).toBe(false);
  });
});
