import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRunnerHttp } from '../../../runner/http/port.ts';
import { openSecrets, sealSecrets } from '../../../runner/secrets/connectionSecrets.ts';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import type { Connection } from '../../../src/domain/index.ts';
import { systemClock } from '../../../src/engine/clock.ts';
import { ALL_SCOPES, useSandbox } from '../sandbox/helpers.ts';
import { memoryConnections } from './memoryConnections.ts';

const env = useSandbox();
const key = randomBytes(32);

function connection(linkName: string, serviceId: string): Connection {
  return {
    id: `conn_${linkName}`,
    name: linkName,
    linkName,
    serviceId,
    dataCenterId: 'sandbox',
    tenant: '',
    clientId: 'workflow-builder',
    scopesRequested: ALL_SCOPES,
    scopesGranted: ALL_SCOPES,
    status: 'connected',
    expiresAt: null,
    authorizedAt: 1,
    lastRefreshAt: null,
    lastError: null,
    createdAt: 1,
    updatedAt: 1,
  };
}

async function setup() {
  const tokens = await getTokens(env.url, ALL_SCOPES);
  const connections = memoryConnections();
  const sealed = sealSecrets(key, 'bigin', { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: null, version: 0 });
  await connections.put({ connection: connection('bigin', 'svc_zoho_bigin'), sealedSecrets: sealed });
  const http = createRunnerHttp({ connections, key, clock: systemClock, sandboxUrl: env.url.replace('localhost', '127.0.0.1') });
  return { http, connections, tokens };
}

const listContacts = { linkName: 'bigin', method: 'GET', url: 'https://www.zohoapis.com/bigin/v2/Contacts', query: { per_page: '1' } } as const;
const signal = () => new AbortController().signal;

describe('the runner HTTP port', () => {
  it('maps the Zoho host to the sandbox and attaches the sealed token', async () => {
    const { http } = await setup();
    const result = await http.send(listContacts, { signal: signal() });
    expect(result.status).toBe(200);
    expect(result.url).toBe(`${env.url.replace('localhost', '127.0.0.1')}/bigin/v2/Contacts?per_page=1`);
    expect(result.mappedFrom).toBe('https://www.zohoapis.com/bigin/v2/Contacts?per_page=1');
    expect(await http.describe('bigin')).toMatchObject({ serviceLinkName: 'zoho_bigin', isSandbox: true, status: 'connected' });
    expect(await http.describe('nobody')).toBeNull();
  });

  it('refuses an origin outside the data centre before sending', async () => {
    const { http } = await setup();
    await expect(http.send({ ...listContacts, url: 'https://evil.example.com/x' }, { signal: signal() })).rejects.toMatchObject({
      code: 'CONN_ORIGIN_NOT_ALLOWED',
    });
  });

  it('names the missing connection and how to connect it', async () => {
    const { http } = await setup();
    await expect(http.send({ ...listContacts, linkName: 'books' }, { signal: signal() })).rejects.toThrow(/npm run runner -- connect books/);
  });

  it('refreshes once for concurrent forced refreshes and stores the new tokens sealed', async () => {
    const { http, connections, tokens } = await setup();
    await http.send(listContacts, { signal: signal() });
    const [a, b] = await Promise.all([
      http.send(listContacts, { signal: signal(), forceRefresh: true }),
      http.send(listContacts, { signal: signal(), forceRefresh: true }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const stored = connections.entries.get('bigin');
    const secrets = openSecrets(key, 'bigin', stored?.sealedSecrets ?? '');
    expect(secrets.version).toBe(1);
    expect(secrets.accessToken).not.toBe(tokens.access_token);
    expect(stored?.sealedSecrets).not.toContain(secrets.accessToken);
    expect(stored?.connection.lastRefreshAt).not.toBeNull();
  });

  it('marks the connection reauth_required when the provider refuses the refresh token', async () => {
    const { http, connections, tokens } = await setup();
    await fetch(new URL('/oauth/v2/token/revoke', env.url), { method: 'POST', body: new URLSearchParams({ token: tokens.refresh_token ?? '' }) });
    await expect(http.send(listContacts, { signal: signal(), forceRefresh: true })).rejects.toMatchObject({ code: 'CONN_REAUTH_REQUIRED' });
    const stored = connections.entries.get('bigin');
    expect(stored?.connection.status).toBe('reauth_required');
    expect(stored?.sealedSecrets).toBeNull();
    await expect(http.send(listContacts, { signal: signal() })).rejects.toMatchObject({ code: 'CONN_REAUTH_REQUIRED' });
  });
});
