import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pair, rawRequest, relayConfig, useRelay, type RawResponse } from './helpers.ts';

/** A planted credential sent with every refused request; no log line may contain it. */
const PLANTED = 'planted-access-token-6f1c';

let upstream: Server;
let upstreamOrigin = '';
let upstreamHits = 0;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamHits += 1;
    if (req.url === '/moved') {
      res.writeHead(302, { location: 'https://evil.example/steal' }).end();
      return;
    }
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sid=upstream' }).end(JSON.stringify({ path: req.url })),
    );
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

const env = useRelay(() => relayConfig({ maxBodyBytes: 1024 }));
let token = '';
beforeAll(async () => {
  token = await pair(env.relay, [upstreamOrigin]);
});

interface Case {
  name: string;
  status: number;
  code: string;
  send: () => Promise<RawResponse>;
}

const forward = (o: { path?: string; target?: string; headers?: Record<string, string>; method?: string; body?: string; withToken?: boolean }) =>
  rawRequest(env.relay.port, {
    method: o.method ?? 'GET',
    path: o.path ?? `/echo?token=${PLANTED}`,
    headers: {
      authorization: `Zoho-oauthtoken ${PLANTED}`,
      'x-relay-target': o.target ?? upstreamOrigin,
      ...(o.withToken === false ? {} : { 'x-relay-token': token }),
      ...o.headers,
    },
    ...(o.body !== undefined ? { body: o.body } : {}),
  });

const cases: Case[] = [
  { name: 'a foreign Origin', status: 403, code: 'RELAY_ORIGIN_REFUSED', send: () => forward({ headers: { origin: 'https://evil.example' } }) },
  { name: 'no Origin at all', status: 403, code: 'RELAY_ORIGIN_REFUSED', send: () => forward({ headers: { origin: '' } }) },
  {
    name: 'a foreign Host (DNS rebinding)',
    status: 421,
    code: 'RELAY_HOST_REFUSED',
    send: () => forward({ headers: { host: 'rebind.evil.example' } }),
  },
  { name: 'an unpaired request', status: 401, code: 'RELAY_NOT_PAIRED', send: () => forward({ withToken: false }) },
  { name: 'a wrong pairing token', status: 401, code: 'RELAY_NOT_PAIRED', send: () => forward({ headers: { 'x-relay-token': 'guessed-token' } }) },
  { name: 'a target not on the allowlist', status: 403, code: 'RELAY_TARGET_NOT_ALLOWED', send: () => forward({ target: 'https://evil.example' }) },
  {
    name: 'a custom-service origin that was not approved',
    status: 403,
    code: 'RELAY_TARGET_NOT_APPROVED',
    send: () => forward({ target: 'https://api.custom-not-approved.example', headers: { 'x-relay-custom-service': '1' } }),
  },
  { name: 'a target with a path', status: 400, code: 'RELAY_TARGET_MISSING', send: () => forward({ target: `${upstreamOrigin}/other` }) },
  { name: 'an oversized declared body', status: 413, code: 'RELAY_BODY_TOO_LARGE', send: () => forward({ method: 'POST', body: 'x'.repeat(2048) }) },
  {
    name: 'an oversized chunked body',
    status: 413,
    code: 'RELAY_BODY_TOO_LARGE',
    send: () => forward({ method: 'POST', body: 'x'.repeat(4096), headers: { 'transfer-encoding': 'chunked' } }),
  },
  { name: 'a redirect to another host', status: 424, code: 'RELAY_REDIRECT_REFUSED', send: () => forward({ path: '/moved' }) },
  {
    name: 'an absolute-form request target',
    status: 400,
    code: 'RELAY_REQUEST_TARGET_REFUSED',
    send: () => forward({ path: `https://evil.example/x?token=${PLANTED}` }),
  },
  {
    name: 'a scheme-relative path',
    status: 400,
    code: 'RELAY_REQUEST_TARGET_REFUSED',
    send: () => forward({ path: `//evil.example/x?token=${PLANTED}` }),
  },
  { name: 'a dot-segment path', status: 400, code: 'RELAY_REQUEST_TARGET_REFUSED', send: () => forward({ path: '/a/../..//evil.example/x' }) },
  { name: 'an encoded dot-segment path', status: 400, code: 'RELAY_REQUEST_TARGET_REFUSED', send: () => forward({ path: '/a/%2e%2e/x' }) },
  { name: 'an encoded backslash path', status: 400, code: 'RELAY_REQUEST_TARGET_REFUSED', send: () => forward({ path: '/%5Cevil.example/x' }) },
  { name: 'an encoded slash path', status: 400, code: 'RELAY_REQUEST_TARGET_REFUSED', send: () => forward({ path: '/%2F%2Fevil.example/x' }) },
  { name: 'user info in the path', status: 400, code: 'RELAY_REQUEST_TARGET_REFUSED', send: () => forward({ path: '/@evil.example/x' }) },
];

describe('the relay refuses, each with its own 4xx and a log line free of secrets', () => {
  for (const c of cases) {
    it(`refuses ${c.name} with ${c.status} ${c.code}`, async () => {
      const before = env.log.length;
      const hits = upstreamHits;
      const res = await c.send();
      expect(res.status).toBe(c.status);
      expect(res.json.error).toBe(c.code);
      expect(res.text).not.toContain(PLANTED);
      if (c.code !== 'RELAY_REDIRECT_REFUSED') expect(upstreamHits).toBe(hits);
      const lines = env.log.slice(before);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(` ${c.status} \\d+ms ${c.code}$`));
      expect(lines[0]).not.toContain(PLANTED);
      expect(lines[0]).not.toContain('?');
      expect(lines[0]).not.toContain('Zoho-oauthtoken');
    });
  }

  it('forwards an approved custom origin, with CORS for the app and no upstream cookies', async () => {
    const res = await forward({ path: '/echo/ok?x=1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ path: '/echo/ok?x=1' });
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(env.log.at(-1)).toMatch(/^relay: GET 127\.0\.0\.1:\d+ \/echo\/ok 200 \d+ms$/);
  });

  it('answers a preflight from the app origin and refuses one from elsewhere', async () => {
    const ok = await rawRequest(env.relay.port, {
      method: 'OPTIONS',
      path: '/x',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-relay-token,x-relay-target' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-headers']).toBe('x-relay-token,x-relay-target');
    const foreign = await rawRequest(env.relay.port, {
      method: 'OPTIONS',
      path: '/x',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses relay endpoints it does not have', async () => {
    const res = await rawRequest(env.relay.port, { path: '/_relay/admin' });
    expect([res.status, res.json.error]).toEqual([404, 'RELAY_NOT_FOUND']);
  });
});
