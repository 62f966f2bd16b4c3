import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pair, rawRequest, relayConfig, useRelay } from './helpers.ts';

let upstream: Server;
let upstreamOrigin = '';
/** An origin nothing listens on: a port taken and released before the test. */
let closedOrigin = '';
const stalled: ServerResponse[] = [];

/** /stall never answers; /half declares ten bytes and sends two. */
beforeAll(async () => {
  upstream = createServer((req, res) => {
    stalled.push(res);
    if (req.url === '/half') {
      res.writeHead(200, { 'content-length': '10' });
      res.write('ab');
    }
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
  closedOrigin = `http://127.0.0.1:${(spare.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => spare.close(() => resolve()));
});
afterAll(() => {
  for (const res of stalled) res.destroy();
  return new Promise<void>((resolve) => upstream.close(() => resolve()));
});

const env = useRelay(() => relayConfig({ timeoutMs: 300 }));
let token = '';
beforeAll(async () => {
  token = await pair(env.relay, [upstreamOrigin, closedOrigin]);
});

const forward = (target: string, path: string) => rawRequest(env.relay.port, { path, headers: { 'x-relay-target': target, 'x-relay-token': token } });

describe('the hop to the provider', () => {
  it('gives up on a provider that does not answer, with a 504', async () => {
    const answer = await forward(upstreamOrigin, '/stall');
    expect([answer.status, answer.json.error]).toEqual([504, 'RELAY_UPSTREAM_TIMEOUT']);
  });

  it('gives up on a small answer whose body stops half-way, with a 504', async () => {
    const answer = await forward(upstreamOrigin, '/half');
    expect([answer.status, answer.json.error]).toEqual([504, 'RELAY_UPSTREAM_TIMEOUT']);
  });

  it('says so when the provider cannot be reached, with a 502', async () => {
    const answer = await forward(closedOrigin, '/anything');
    expect([answer.status, answer.json.error]).toEqual([502, 'RELAY_UPSTREAM_UNREACHABLE']);
  });
});
