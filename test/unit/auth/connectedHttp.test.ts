import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDefaultService, SANDBOX_DATA_CENTER_ID, SANDBOX_ORIGIN } from '../../../src/catalog/index.ts';
import { checkRequest, configureAuth, mapToDataCenter, sendChecked, type CheckedRequest } from '../../../src/auth/index.ts';
import { writeApiKeys, writeBasic, writeTokens } from '../../../src/auth/secrets.ts';
import { connectedHttp } from '../../../src/app/connectedHttp.ts';
import { AppError, Service, findDataCenter, newId } from '../../../src/domain/index.ts';
import { saveCustomService } from '../../../src/storage/index.ts';
import { connectionFor, freshStores } from './fixtures.ts';
import { ProviderServer } from './provider-server.ts';

const server = new ProviderServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

const signal = () => AbortSignal.timeout(5000);
let fetched: string[] = [];
let lastInit: RequestInit | undefined;

beforeEach(() => {
  freshStores();
  fetched = [];
  configureAuth({
    fetch: async (input, init) => {
      fetched.push(String(input));
      lastInit = init;
      return new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json', 'X-Trace': 't1' } });
    },
  });
});

const bigin = getDefaultService('zoho_bigin')!;

async function biginConnection(dataCenterId: string, apiOrigin?: string) {
  const connection = await connectionFor(bigin, {
    status: 'connected',
    dataCenterId,
    scopesRequested: ['ZohoBigin.modules.ALL'],
    ...(apiOrigin ? { apiOrigin } : {}),
  });
  await writeTokens(connection.id, { accessToken: 'tok-SECRET', refreshToken: 'ref-SECRET', expiresAt: Date.now() + 3_600_000, version: 1 });
  return connection;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );
}

describe('connectedHttp.send', () => {
  it('refuses an origin outside the allowlist before fetch is called (S16)', async () => {
    const connection = await biginConnection('eu');
    for (const url of [
      'https://evil.example/bigin/v2/Contacts',
      'http://www.zohoapis.eu/bigin/v2/Contacts',
      'https://user:pw@www.zohoapis.eu/x',
      'https://www.zohoapis.eu.evil.example/x',
    ]) {
      expect(await codeOf(connectedHttp.send({ linkName: connection.linkName, method: 'GET', url }, { signal: signal() }))).toBe(
        'CONN_ORIGIN_NOT_ALLOWED',
      );
    }
    expect(fetched).toEqual([]);
  });

  it('maps Zoho main hosts to the connection’s data centre and reports the mapping', async () => {
    const connection = await biginConnection('eu');
    const result = await connectedHttp.send(
      { linkName: connection.linkName, method: 'GET', url: 'https://www.zohoapis.com/bigin/v2/Contacts', query: { per_page: '1' } },
      { signal: signal() },
    );
    expect(fetched).toEqual(['https://www.zohoapis.eu/bigin/v2/Contacts?per_page=1']);
    expect(result.url).toBe('https://www.zohoapis.eu/bigin/v2/Contacts?per_page=1');
    expect(result.mappedFrom).toBe('https://www.zohoapis.com/bigin/v2/Contacts?per_page=1');
    expect(result.headers['x-trace']).toBe('t1');
    expect(new Headers(lastInit?.headers).get('authorization')).toBe('Zoho-oauthtoken tok-SECRET');
  });

  it('maps to the local sandbox for the Sandbox (local) data centre', async () => {
    const connection = await biginConnection(SANDBOX_DATA_CENTER_ID, SANDBOX_ORIGIN);
    const result = await connectedHttp.send(
      { linkName: connection.linkName, method: 'GET', url: 'https://www.zohoapis.com/bigin/v2/Contacts' },
      { signal: signal() },
    );
    expect(result.url).toBe(`${SANDBOX_ORIGIN}/bigin/v2/Contacts`);
  });

  it('names the link name and the fix when the connection is missing, not connected or needs reconnecting', async () => {
    const missing = (await connectedHttp
      .send({ linkName: 'nope_conn', method: 'GET', url: 'https://www.zohoapis.com/x' }, { signal: signal() })
      .catch((e: unknown) => e)) as AppError;
    expect(missing.code).toBe('CONN_NOT_FOUND');
    expect(missing.message).toContain('"nope_conn"');
    const idle = await connectionFor(bigin, { status: 'not_connected' });
    expect(
      await codeOf(connectedHttp.send({ linkName: idle.linkName, method: 'GET', url: 'https://www.zohoapis.com/x' }, { signal: signal() })),
    ).toBe('CONN_NOT_CONNECTED');
    const stale = await connectionFor(bigin, { status: 'reauth_required' });
    const error = (await connectedHttp
      .send({ linkName: stale.linkName, method: 'GET', url: 'https://www.zohoapis.com/x' }, { signal: signal() })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('CONN_REAUTH_REQUIRED');
    expect(error.message).toContain('Reconnect');
    expect(fetched).toEqual([]);
  });

  it('turns a network failure into HTTP_NETWORK', async () => {
    configureAuth({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const connection = await biginConnection('us');
    expect(
      await codeOf(connectedHttp.send({ linkName: connection.linkName, method: 'GET', url: 'https://www.zohoapis.com/x' }, { signal: signal() })),
    ).toBe('HTTP_NETWORK');
  });

  describe('offline', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('says plainly that the device is offline and which host it needs, without calling fetch', async () => {
      vi.stubGlobal('navigator', { onLine: false });
      const connection = await biginConnection('eu');
      const error = (await connectedHttp
        .send({ linkName: connection.linkName, method: 'GET', url: 'https://www.zohoapis.com/bigin/v2/Contacts' }, { signal: signal() })
        .catch((e: unknown) => e)) as AppError;
      expect(error.code).toBe('HTTP_OFFLINE');
      expect(error.message).toBe(
        `You are offline — "${connection.linkName}" needs the network to reach www.zohoapis.eu. Connect to the internet and try again.`,
      );
      expect(fetched).toEqual([]);
    });

    it('turns a network failure into HTTP_OFFLINE when the device went offline during the request', async () => {
      const online = { onLine: true };
      vi.stubGlobal('navigator', online);
      configureAuth({
        fetch: () => {
          online.onLine = false;
          return Promise.reject(new TypeError('Failed to fetch'));
        },
      });
      const connection = await biginConnection('us');
      expect(
        await codeOf(connectedHttp.send({ linkName: connection.linkName, method: 'GET', url: 'https://www.zohoapis.com/x' }, { signal: signal() })),
      ).toBe('HTTP_OFFLINE');
    });

    it('still refuses a disallowed origin first: that is a mistake to fix, not a wait for the network', async () => {
      vi.stubGlobal('navigator', { onLine: false });
      const connection = await biginConnection('eu');
      expect(
        await codeOf(connectedHttp.send({ linkName: connection.linkName, method: 'GET', url: 'https://evil.example/x' }, { signal: signal() })),
      ).toBe('CONN_ORIGIN_NOT_ALLOWED');
    });
  });

  it('describes a connection for the engine', async () => {
    const connection = await biginConnection(SANDBOX_DATA_CENTER_ID);
    expect(await connectedHttp.describe(connection.linkName)).toMatchObject({ serviceLinkName: 'zoho_bigin', status: 'connected', isSandbox: true });
    expect(await connectedHttp.describe('unknown_link')).toBeNull();
  });
});

describe('credentials by auth type', () => {
  async function service(authType: 'apikey' | 'basic', params?: Service['apikey']) {
    return saveCustomService(
      Service.parse({
        id: newId('service'),
        kind: 'custom',
        name: 'Keyed',
        linkName: `keyed_${crypto.randomUUID().slice(0, 4)}`,
        category: 'Custom',
        authType,
        ...(params ? { apikey: params } : {}),
        dataCenters: [{ id: 'global', label: 'Default', apiOrigins: [server.origin] }],
        defaultDataCenterId: 'global',
        reach: 'direct',
        reachWhy: 'test',
      }),
    );
  }

  it('puts API keys in the header, query string and form body as configured', async () => {
    configureAuth(null);
    const svc = await service('apikey', {
      params: [
        { in: 'header', key: 'X-Api-Key', label: 'Key', secret: true, format: 'Key {value}' },
        { in: 'query', key: 'api_key', label: 'Query key', secret: true },
        { in: 'form', key: 'token', label: 'Form token', secret: true },
      ],
    });
    const connection = await connectionFor(svc, { status: 'connected' });
    await writeApiKeys(connection.id, { 'X-Api-Key': 'h-SECRET', api_key: 'q-SECRET', token: 'f-SECRET' });
    const result = await connectedHttp.send(
      { linkName: connection.linkName, method: 'POST', url: `${server.origin}/api/echo`, body: { kind: 'form', fields: { a: '1' } } },
      { signal: signal() },
    );
    const seen = server.seen.at(-1)!;
    expect(seen.headers['x-api-key']).toBe('Key h-SECRET');
    expect(seen.query.get('api_key')).toBe('q-SECRET');
    expect(seen.form.get('token')).toBe('f-SECRET');
    expect(seen.form.get('a')).toBe('1');
    expect(result.url).not.toContain('q-SECRET');
  });

  it('sends Basic credentials as UTF-8 base64', async () => {
    configureAuth(null);
    const svc = await service('basic');
    const connection = await connectionFor(svc, { status: 'connected' });
    await writeBasic(connection.id, { username: 'ünï', password: 'p:SECRET' });
    await connectedHttp.send({ linkName: connection.linkName, method: 'GET', url: `${server.origin}/api/x` }, { signal: signal() });
    const header = String(server.seen.at(-1)!.headers.authorization);
    expect(Buffer.from(header.replace('Basic ', ''), 'base64').toString('utf8')).toBe('ünï:p:SECRET');
  });

  it('will not attach credentials to a request that did not pass checkRequest, even if shaped like one', async () => {
    const connection = await biginConnection('us');
    const genuine = checkRequest(bigin, findDataCenter(bigin, 'us')!, connection, 'https://www.zohoapis.com/x');
    const forged = { ...genuine, url: 'https://evil.example/steal' } as CheckedRequest;
    expect(await codeOf(sendChecked(forged, { method: 'GET' }, { signal: signal() }))).toBe('CONN_ORIGIN_NOT_ALLOWED');
    expect(Object.isFrozen(genuine)).toBe(true);
    expect(fetched).toEqual([]);
  });

  it('keeps paths and queries when mapping', () => {
    const mapped = mapToDataCenter(
      'https://books.zoho.com/api/v3/contacts?organization_id=1',
      undefined,
      findDataCenter(getDefaultService('zoho_books')!, 'in')!,
      undefined,
    );
    expect(mapped.url.toString()).toBe('https://books.zoho.in/api/v3/contacts?organization_id=1');
  });
});

describe('providers with per-customer hosts ({tenant})', () => {
  it('sends only to the connection’s own tenant host', async () => {
    const svc = await saveCustomService(
      Service.parse({
        id: newId('service'),
        kind: 'custom',
        name: 'Shop',
        linkName: 'shop_tenant',
        category: 'Custom',
        authType: 'basic',
        tenant: { label: 'Shop name', hint: 'acme for acme.shop.example' },
        dataCenters: [{ id: 'global', label: 'Default', apiOrigins: ['https://{tenant}.shop.example'] }],
        defaultDataCenterId: 'global',
        reach: 'direct',
        reachWhy: 'test',
      }),
    );
    const connection = await connectionFor(svc, { status: 'connected', tenant: 'acme' });
    await writeBasic(connection.id, { username: 'u', password: 'p' });
    await connectedHttp.send({ linkName: connection.linkName, method: 'GET', url: 'https://acme.shop.example/orders' }, { signal: signal() });
    expect(fetched).toEqual(['https://acme.shop.example/orders']);
    expect(
      await codeOf(
        connectedHttp.send({ linkName: connection.linkName, method: 'GET', url: 'https://other.shop.example/orders' }, { signal: signal() }),
      ),
    ).toBe('CONN_ORIGIN_NOT_ALLOWED');
    const noTenant = await connectionFor(svc, { status: 'connected' });
    expect(
      await codeOf(
        connectedHttp.send({ linkName: noTenant.linkName, method: 'GET', url: 'https://{tenant}.shop.example/orders' }, { signal: signal() }),
      ),
    ).toBe('CONN_WRONG_SERVICE');
    expect(fetched).toHaveLength(1);
  });
});
