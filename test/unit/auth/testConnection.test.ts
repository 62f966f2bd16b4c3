import 'fake-indexeddb/auto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDefaultService } from '../../../src/catalog/index.ts';
import { configureAuth } from '../../../src/auth/index.ts';
import { writeApiKeys, writeTokens } from '../../../src/auth/secrets.ts';
import { testConnection } from '../../../src/app/facades/testConnection.ts';
import { Service, newId } from '../../../src/domain/index.ts';
import { saveCustomService } from '../../../src/storage/index.ts';
import { connectionFor, freshStores } from './fixtures.ts';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback API that records every request as it arrived on the wire. */
let server: Server;
let origin = '';
const seen: Seen[] = [];
/** Answers to give before the usual 200, one per request: lets a test make the API busy for a moment. */
const busyAnswers: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const busy = busyAnswers.shift();
      if (busy !== undefined) {
        res.writeHead(busy, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{"message":"busy"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":{"me":{"id":"1"}}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  freshStores();
  seen.length = 0;
  busyAnswers.length = 0;
});

async function keyedService(testRequest: Service['testRequest']): Promise<Service> {
  return saveCustomService(
    Service.parse({
      id: newId('service'),
      kind: 'custom',
      name: 'Loopback API',
      linkName: `loop_${crypto.randomUUID().slice(0, 6)}`,
      category: 'Custom',
      authType: 'apikey',
      apikey: { params: [{ in: 'header', key: 'X-Api-Key', label: 'API key', secret: true }] },
      dataCenters: [{ id: 'global', label: 'Default', apiOrigins: [origin] }],
      defaultDataCenterId: 'global',
      reach: 'direct',
      reachWhy: 'test',
      testRequest,
    }),
  );
}

async function keyedConnection(testRequest: Service['testRequest']) {
  const connection = await connectionFor(await keyedService(testRequest), { status: 'connected' });
  await writeApiKeys(connection.id, { 'X-Api-Key': 'k-SECRET' });
  return connection;
}

describe('Test connection sends the preset test request as written', () => {
  it('POSTs the JSON body with content-type application/json and the extra headers', async () => {
    const connection = await keyedConnection({
      method: 'POST',
      url: `${origin}/v2`,
      headers: { 'API-Version': '2024-01' },
      jsonBody: { query: '{ me { id } }' },
    });
    const outcome = await testConnection(connection.id);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(seen).toHaveLength(1);
    const request = seen[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v2');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['api-version']).toBe('2024-01');
    expect(request.headers['x-api-key']).toBe('k-SECRET');
    expect(JSON.parse(request.body)).toEqual({ query: '{ me { id } }' });
  });

  it('sends a GET with its headers and no body', async () => {
    const connection = await keyedConnection({ method: 'GET', url: `${origin}/v1/users/me`, headers: { 'Notion-Version': '2022-06-28' } });
    expect((await testConnection(connection.id)).ok).toBe(true);
    const request = seen[0]!;
    expect(request.method).toBe('GET');
    expect(request.headers['notion-version']).toBe('2022-06-28');
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.body).toBe('');
  });

  it('keeps the credentials: a test header cannot replace the connection’s own', async () => {
    const connection = await keyedConnection({ method: 'GET', url: `${origin}/me`, headers: { 'X-Api-Key': 'from-preset' } });
    await testConnection(connection.id);
    expect(seen[0]?.headers['x-api-key']).toBe('k-SECRET');
  });
});

describe('Test connection follows the engine request policy', () => {
  it('waits out a 503 with Retry-After and reports the answer of the retry, as a run would', async () => {
    busyAnswers.push(503);
    const connection = await keyedConnection({ method: 'GET', url: `${origin}/v1/users/me` });
    const outcome = await testConnection(connection.id);
    expect(outcome).toMatchObject({ ok: true, status: 200, message: 'GET /v1/users/me answered 200.' });
    expect(seen.map((request) => request.path)).toEqual(['/v1/users/me', '/v1/users/me']);
  });

  it('refuses a connection that is not connected before sending anything, with the run’s own words', async () => {
    const connection = await connectionFor(await keyedService({ method: 'GET', url: `${origin}/me` }), { status: 'not_connected' });
    const outcome = await testConnection(connection.id);
    expect(outcome).toEqual({
      ok: false,
      code: 'CONN_NOT_CONNECTED',
      message: `Connection "${connection.linkName}" is not connected. Open Connections and click Connect.`,
    });
    expect(seen).toEqual([]);
  });
});

describe('Test connection on per-customer hosts', () => {
  const fetched: { url: string; init: RequestInit | undefined }[] = [];
  beforeEach(() => {
    fetched.length = 0;
    configureAuth({
      fetch: async (input, init) => {
        fetched.push({ url: String(input), init });
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
  });

  async function oauthConnection(linkName: string, tenant: string) {
    const service = getDefaultService(linkName)!;
    const connection = await connectionFor(service, { status: 'connected', tenant, scopesRequested: [] });
    await writeTokens(connection.id, { accessToken: 'tok-SECRET', refreshToken: 'ref-SECRET', expiresAt: Date.now() + 3_600_000, version: 1 });
    return connection;
  }

  it('fills the tenant into the Zendesk test URL', async () => {
    const connection = await oauthConnection('zendesk', 'acme');
    const outcome = await testConnection(connection.id);
    expect(outcome.ok).toBe(true);
    expect(fetched.map((f) => f.url)).toEqual(['https://acme.zendesk.com/api/v2/users/me.json']);
    expect(new Headers(fetched[0]?.init?.headers).get('authorization')).toBe('Bearer tok-SECRET');
  });

  it('asks Shopify with a GraphQL POST and the token in X-Shopify-Access-Token, not Authorization', async () => {
    const connection = await oauthConnection('shopify', 'acme-store');
    await testConnection(connection.id);
    const [call] = fetched;
    expect(call?.url).toMatch(/^https:\/\/acme-store\.myshopify\.com\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/);
    expect(call?.init?.method).toBe('POST');
    const headers = new Headers(call?.init?.headers);
    expect(headers.get('x-shopify-access-token')).toBe('tok-SECRET');
    expect(headers.get('authorization')).toBeNull();
    expect(headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(call?.init?.body))).toEqual({ query: '{ shop { name } }' });
  });

  it('says which tenant is missing and sends nothing', async () => {
    const connection = await oauthConnection('zendesk', '');
    const outcome = await testConnection(connection.id);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('Enter your Subdomain');
    expect(fetched).toEqual([]);
  });
});
