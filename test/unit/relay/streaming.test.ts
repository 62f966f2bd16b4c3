import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_BODY_MAX_BYTES } from '../../../relay/body.ts';
import { pair, rawRequest, relayConfig, useRelay } from './helpers.ts';

/** Bodies on either side of the size the relay reads whole, so both the whole and the streamed paths run. */
const SMALL = WHOLE_BODY_MAX_BYTES - 1;
const LARGE = WHOLE_BODY_MAX_BYTES * 3;

let upstream: Server;
let upstreamOrigin = '';

/**
 * Answers with the SHA-256 and size of what it received; /bytes/<n> answers n bytes, chunked;
 * /headers answers the request headers it got.
 */
beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url === '/headers') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
      return;
    }
    const sized = /^\/bytes\/(\d+)$/.exec(req.url ?? '');
    if (sized) {
      const total = Number(sized[1]);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let sent = 0; sent < total; sent += 1000) res.write(Buffer.alloc(Math.min(1000, total - sent), 'b'));
      res.end();
      return;
    }
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ size, sha256: hash.digest('hex') })));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

const env = useRelay(() => relayConfig({ maxBodyBytes: 1024 * 1024 }));
let token = '';
beforeAll(async () => {
  token = await pair(env.relay, [upstreamOrigin]);
});

const forward = (o: { method?: string; path: string; body?: Buffer; headers?: Record<string, string> }) =>
  rawRequest(env.relay.port, {
    method: o.method ?? 'GET',
    path: o.path,
    headers: { 'x-relay-target': upstreamOrigin, 'x-relay-token': token, ...o.headers },
    ...(o.body ? { body: o.body } : {}),
  });

describe('bodies through the relay, read whole when small and streamed when large', () => {
  for (const [name, size, headers] of [
    ['a small upload', SMALL, {}],
    ['a large upload', LARGE, {}],
    ['an upload of undeclared length', SMALL, { 'transfer-encoding': 'chunked' }],
  ] as const) {
    it(`passes ${name} through byte for byte`, async () => {
      const body = Buffer.from(Array.from({ length: size }, (_, i) => i % 251));
      const answer = await forward({ method: 'PUT', path: '/upload', body, headers });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ size, sha256: createHash('sha256').update(body).digest('hex') });
    });
  }

  for (const size of [SMALL, LARGE]) {
    it(`passes a ${size}-byte answer through whole, with the app's CORS headers`, async () => {
      const answer = await forward({ path: `/bytes/${size}` });
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('b'.repeat(size));
      expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    });
  }
});

describe('request headers the provider gets', () => {
  it("are the API call's own: no cookie, browser, relay or hop-by-hop header", async () => {
    const answer = await rawRequest(env.relay.port, {
      path: '/headers',
      headers: {
        'x-relay-target': upstreamOrigin,
        'x-relay-token': token,
        authorization: 'Zoho-oauthtoken abc',
        cookie: 'sid=browser',
        referer: 'http://localhost:5173/#/workflows',
        'sec-fetch-mode': 'cors',
        'x-forwarded-for': '203.0.113.9',
        'proxy-authorization': 'Basic cmVsYXk=',
        te: 'trailers',
        'x-api-version': '3',
      },
    });
    const got = answer.json;
    expect(got.authorization).toBe('Zoho-oauthtoken abc');
    expect(got['x-api-version']).toBe('3');
    expect(got.host).toBe(new URL(upstreamOrigin).host);
    for (const name of [
      'cookie',
      'origin',
      'referer',
      'sec-fetch-mode',
      'x-forwarded-for',
      'proxy-authorization',
      'te',
      'x-relay-token',
      'x-relay-target',
    ])
      expect(got[name], name).toBeUndefined();
  });
});
