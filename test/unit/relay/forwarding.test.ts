import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_CLIENT_ID } from '../../../sandbox/accounts/strict.ts';
import { authorize } from '../../../sandbox/testing/oauth-client.ts';
import { startRelay } from '../../../relay/server.ts';
import { useSandbox, control } from '../sandbox/helpers.ts';
import { APP_ORIGIN, pair, rawRequest, relayConfig, tempStateFile } from './helpers.ts';

const SECRET = 'relay-forwarding-secret-93a7';
const sandbox = useSandbox();

async function withRelay<T>(
  stateFile: string,
  run: (relay: Awaited<ReturnType<typeof startRelay>>, log: string[]) => Promise<T>,
  clientId = SERVER_CLIENT_ID,
): Promise<T> {
  const log: string[] = [];
  const relay = await startRelay({
    config: relayConfig({ stateFile, sandboxOrigin: sandbox.url, clients: [{ clientId, clientSecret: SECRET }] }),
    log: (line) => log.push(line),
  });
  try {
    return await run(relay, log);
  } finally {
    await relay.close();
  }
}

const viaRelay = (port: number, token: string, o: { method?: string; path: string; body?: string; headers?: Record<string, string> }) =>
  rawRequest(port, { ...o, headers: { 'x-relay-token': token, 'x-relay-target': sandbox.url, ...o.headers } });

const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function serverCode(): Promise<{ code: string; verifier: string }> {
  const { redirect, pkce } = await authorize(sandbox.url, {
    scopes: ['ZohoBooks.fullaccess.all'],
    offline: true,
    prompt: 'consent',
    clientId: SERVER_CLIENT_ID,
  });
  return { code: redirect.searchParams.get('code') ?? '', verifier: pkce.verifier };
}

describe('pairing', () => {
  it('takes its one-time code once: a stolen code cannot be used twice', async () => {
    await withRelay(tempStateFile(), async (relay) => {
      const code = relay.pairingCode();
      await pair(relay);
      const again = await rawRequest(relay.port, {
        method: 'POST',
        path: '/_relay/pair',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      expect([again.status, again.json.error]).toEqual([401, 'RELAY_PAIRING_CODE_INVALID']);
      expect(relay.pairingCode()).toBeNull();
    });
  });

  it('refuses a wrong code, approvals that are not origins, and reports the pairing in its status', async () => {
    await withRelay(tempStateFile(), async (relay) => {
      const wrong = await rawRequest(relay.port, {
        method: 'POST',
        path: '/_relay/pair',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'guess' }),
      });
      expect(wrong.json.error).toBe('RELAY_PAIRING_CODE_INVALID');
      const badApproval = await rawRequest(relay.port, {
        method: 'POST',
        path: '/_relay/pair',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: relay.pairingCode(), approvedOrigins: ['http://evil.example'] }),
      });
      expect([badApproval.status, badApproval.json.error]).toEqual([400, 'RELAY_BAD_REQUEST']);
      const token = await pair(relay);
      const status = await rawRequest(relay.port, { path: '/_relay/status', headers: { 'x-relay-token': token } });
      expect(status.json).toEqual({ relay: 'workflow-builder-relay', version: '1', paired: true });
      const forgot = await rawRequest(relay.port, { method: 'DELETE', path: '/_relay/pair', headers: { 'x-relay-token': token } });
      expect(forgot.status).toBe(200);
      expect((await rawRequest(relay.port, { path: '/_relay/status', headers: { 'x-relay-token': token } })).json.paired).toBe(false);
    });
  });
});

describe('forwarding to the strict sandbox', () => {
  it('adds the client secret to a token request, never to the log, and answers with CORS for the app', async () => {
    await control(sandbox.url, '/_sandbox/settings', { strict: true, serverClientSecret: SECRET });
    await withRelay(tempStateFile(), async (relay, log) => {
      const token = await pair(relay);
      const { code, verifier } = await serverCode();
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: SERVER_CLIENT_ID,
        code,
        code_verifier: verifier,
        redirect_uri: `${APP_ORIGIN}/oauth/callback`,
      }).toString();
      const issued = await viaRelay(relay.port, token, { method: 'POST', path: '/oauth/v2/token', body, headers: form });
      expect(issued.status).toBe(200);
      expect(issued.json.access_token).toEqual(expect.any(String));
      expect(issued.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      const books = await viaRelay(relay.port, token, {
        path: '/books/v3/organizations',
        headers: { authorization: `Zoho-oauthtoken ${String(issued.json.access_token)}` },
      });
      expect(books.status).toBe(200);
      expect(books.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      const joined = log.join('\n');
      for (const secret of [SECRET, code, verifier, String(issued.json.access_token), String(issued.json.refresh_token)])
        expect(joined).not.toContain(secret);
      expect(log.at(-2)).toMatch(/^relay: POST localhost:\d+ \/oauth\/v2\/token 200 \d+ms$/);
    });
  });

  it('adds a secret only for the client it belongs to', async () => {
    await control(sandbox.url, '/_sandbox/settings', { strict: true, serverClientSecret: SECRET });
    await withRelay(
      tempStateFile(),
      async (relay) => {
        const token = await pair(relay);
        const { code, verifier } = await serverCode();
        const body = new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: SERVER_CLIENT_ID,
          code,
          code_verifier: verifier,
          redirect_uri: `${APP_ORIGIN}/oauth/callback`,
        }).toString();
        const other = await viaRelay(relay.port, token, { method: 'POST', path: '/oauth/v2/token', body, headers: form });
        expect(other.json).toMatchObject({ error: 'invalid_client', error_description: 'client_secret is required for this server-based client.' });
      },
      'some-other-client',
    );
  });

  it('keeps no token across a restart: the state file holds only the pairing, private to its owner', async () => {
    await control(sandbox.url, '/_sandbox/settings', { serverClientSecret: SECRET });
    const stateFile = tempStateFile();
    const issued = await withRelay(stateFile, async (relay) => {
      const token = await pair(relay);
      const { code, verifier } = await serverCode();
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: SERVER_CLIENT_ID,
        code,
        code_verifier: verifier,
        redirect_uri: `${APP_ORIGIN}/oauth/callback`,
      }).toString();
      const res = await viaRelay(relay.port, token, { method: 'POST', path: '/oauth/v2/token', body, headers: form });
      return { token, access: String(res.json.access_token), refresh: String(res.json.refresh_token) };
    });
    const saved = readFileSync(stateFile, 'utf8');
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    for (const value of [issued.access, issued.refresh, issued.token, SECRET]) expect(saved).not.toContain(value);
    await withRelay(stateFile, async (relay) => {
      const withoutToken = await viaRelay(relay.port, issued.token, { path: '/books/v3/organizations' });
      expect(withoutToken.status).toBe(401);
      expect(withoutToken.json.code).toBe(14);
      expect(relay.pairingCode()).not.toBeNull();
    });
  });
});
