import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/index.ts';
import { createConnectionClient, type RequestOptions } from '../../../src/engine/http/client.ts';
import { createOriginSlots } from '../../../src/engine/http/originSlots.ts';
import { createRateLimiter } from '../../../src/engine/http/rateLimiter.ts';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../../../src/engine/http/retry.ts';
import { requestUrl } from '../../../src/engine/http/url.ts';
import type { ConnectionRequest } from '../../../src/engine/ports.ts';
import { FakeHttp, json, MemoryLog, VirtualClock } from './fakes.ts';

function setup(opts: { dryRun?: boolean; maxAttempts?: number } = {}) {
  const http = new FakeHttp().connection({ linkName: 'api', serviceLinkName: 'svc' });
  const clock = new VirtualClock();
  const log = new MemoryLog();
  const client = createConnectionClient({
    port: http,
    clock,
    log,
    limiter: createRateLimiter(clock),
    dryRun: opts.dryRun ?? false,
    retry: { maxAttempts: opts.maxAttempts ?? 4 },
  });
  return { http, clock, log, client };
}
const signal = new AbortController().signal;
const get: ConnectionRequest = { linkName: 'api', method: 'GET', url: 'https://api.test/items' };
const post: ConnectionRequest = { linkName: 'api', method: 'POST', url: 'https://api.test/items', body: { kind: 'json', value: { name: 'x' } } };

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('request policy', () => {
  it('retries 500, 500 then succeeds, with growing jittered backoff', async () => {
    const { http, clock, client, log } = setup();
    http.on('GET', /^\/items$/, (_r, _u, call) => (call < 3 ? json(500, { code: 1000, message: 'Internal error' }) : json(200, { ok: true })));
    const res = await client.request(get, { signal });
    expect(res.status).toBe(200);
    expect(http.sent).toHaveLength(3);
    expect(clock.sleeps).toEqual([backoffDelay(1, DEFAULT_RETRY, 0.5), backoffDelay(2, DEFAULT_RETRY, 0.5)]);
    expect(clock.sleeps).toEqual([375, 750]);
    expect(log.of('http').map((e) => [e.attempt, e.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it('gives up after maxAttempts and returns the last answer', async () => {
    const { http, client } = setup({ maxAttempts: 2 });
    http.on('GET', /^\/items$/, () => json(503, {}));
    expect((await client.request(get, { signal })).status).toBe(503);
    expect(http.sent).toHaveLength(2);
  });

  it('on 401 refreshes the token once and retries once; a second 401 is returned', async () => {
    const { http, client } = setup();
    http.on('GET', /^\/items$/, (_r, _u, _c, { forceRefresh }) =>
      forceRefresh ? json(200, { ok: 1 }) : json(401, { code: 57, message: 'Invalid OAuth token.' }),
    );
    expect((await client.request(get, { signal })).status).toBe(200);
    expect(http.sent.map((s) => s.forceRefresh)).toEqual([false, true]);

    const again = setup();
    again.http.on('GET', /^\/items$/, () => json(401, { code: 57, message: 'You are not authorized to perform this operation' }));
    expect((await again.client.request(get, { signal })).status).toBe(401);
    expect(again.http.sent.map((s) => s.forceRefresh)).toEqual([false, true]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const { http, clock, client } = setup();
    http.on('GET', /^\/items$/, (_r, _u, call) =>
      call === 1
        ? json(429, { code: 45, message: 'Request limit exceeded' }, { 'retry-after': '7' })
        : call === 2
          ? json(503, {}, { 'Retry-After': new Date(clock.now() + 3000).toUTCString() })
          : json(200, {}),
    );
    expect((await client.request(get, { signal })).status).toBe(200);
    expect(clock.sleeps).toEqual([7000, 3000]);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('gives up instead of waiting longer than the Retry-After cap', async () => {
    const { http, client, log } = setup();
    http.on('GET', /^\/items$/, () => json(429, {}, { 'retry-after': '3600' }));
    expect((await client.request(get, { signal })).status).toBe(429);
    expect(http.sent).toHaveLength(1);
    expect(log.of('info').at(-1)?.message).toMatch(/asks to wait 3600 s/);
  });

  it('retries a 429 on POST (rejected, never applied) but not a 500 without an idempotency check', async () => {
    const { http, client } = setup();
    http.on('POST', /^\/items$/, (_r, _u, call) => (call === 1 ? json(429, {}) : json(500, {})));
    expect((await client.request(post, { signal })).status).toBe(500);
    expect(http.sent).toHaveLength(2);
  });

  it('never repeats a POST whose connection dropped unless a check says it was not applied', async () => {
    const { http, client } = setup();
    http.on('POST', /^\/items$/, () => {
      throw new AppError('HTTP_NETWORK', 'Failed to fetch');
    });
    const error = await rejection(client.request(post, { signal }));
    expect(error.code).toBe('HTTP_NETWORK');
    expect(error.message).toMatch(/not retried because it may already have been applied/);
    expect(http.sent).toHaveLength(1);
  });

  it('uses the idempotency check: applied → its result, not applied → send again', async () => {
    const applied = setup();
    applied.http.on('POST', /^\/items$/, () => {
      throw new AppError('HTTP_NETWORK', 'Failed to fetch');
    });
    const found = json(200, { found: true });
    const opts: RequestOptions = { signal, idempotency: () => Promise.resolve(found) };
    expect(await applied.client.request(post, opts)).toBe(found);
    expect(applied.http.sent).toHaveLength(1);

    const lost = setup();
    lost.http.on('POST', /^\/items$/, (_r, _u, call) => {
      if (call === 1) throw new AppError('HTTP_NETWORK', 'Failed to fetch');
      return json(201, { created: true });
    });
    expect((await lost.client.request(post, { signal, idempotency: () => Promise.resolve(null) })).status).toBe(201);
    expect(lost.http.sent).toHaveLength(2);
  });

  it('retries GET after network errors and then gives up with HTTP_NETWORK', async () => {
    const { http, client } = setup({ maxAttempts: 3 });
    http.on('GET', /^\/items$/, () => {
      throw new AppError('HTTP_NETWORK', 'Failed to fetch');
    });
    expect((await rejection(client.request(get, { signal }))).code).toBe('HTTP_NETWORK');
    expect(http.sent).toHaveLength(3);
  });

  it('ends a request at once when the device is offline: one attempt, no backoff', async () => {
    const { http, client } = setup({ maxAttempts: 3 });
    http.on('GET', /^\/items$/, () => {
      throw new AppError('HTTP_OFFLINE', 'You are offline — "api" needs the network to reach api.test.');
    });
    const error = await rejection(client.request(get, { signal }));
    expect(error.code).toBe('HTTP_OFFLINE');
    expect(error.message).toBe('You are offline — "api" needs the network to reach api.test.');
    expect(http.sent).toHaveLength(1);
  });

  it('does not retry a refused origin or a revoked grant', async () => {
    const { http, client } = setup();
    http.on('GET', /^\/items$/, () => {
      throw new AppError('CONN_ORIGIN_NOT_ALLOWED', 'https://evil.test is not an allowed origin for "api"');
    });
    expect((await rejection(client.request(get, { signal }))).code).toBe('CONN_ORIGIN_NOT_ALLOWED');
    expect(http.sent).toHaveLength(1);
  });

  it('names the link name and the fix for a missing or disconnected connection', async () => {
    const { http, client } = setup();
    const missing = await rejection(client.request({ ...get, linkName: 'nope' }, { signal }));
    expect(missing.code).toBe('CONN_NOT_FOUND');
    expect(missing.message).toContain('"nope"');
    expect(missing.message).toContain('Connections page');
    http.connection({ linkName: 'old', serviceLinkName: 'svc', status: 'reauth_required' });
    const reauth = await rejection(client.request({ ...get, linkName: 'old' }, { signal }));
    expect(reauth.code).toBe('CONN_REAUTH_REQUIRED');
    expect(reauth.message).toMatch(/^Reconnect required: connection "old"/);
    expect(http.sent).toHaveLength(0);
  });

  it('dry run holds writes back and logs them as "would send" with their body', async () => {
    const { http, client, log } = setup({ dryRun: true });
    http.on('GET', /^\/items$/, () => json(200, []));
    expect((await client.request(get, { signal })).status).toBe(200);
    const res = await client.request({ ...post, headers: { Authorization: 'Bearer planted' } }, { signal });
    expect(res.dryRun).toBe(true);
    expect(http.sent.map((s) => s.method)).toEqual(['GET']);
    const held = log.of('http').find((e) => e.dryRun);
    expect(held).toMatchObject({
      method: 'POST',
      url: 'https://api.test/items',
      request: { body: { name: 'x' }, headers: { Authorization: '[REDACTED]' } },
    });
    expect(log.of('http').filter((e) => e.dryRun)).toHaveLength(1);
  });

  it('dry run shows the host the write would really go to, once (regression: the written host, twice)', async () => {
    const { http, client, log } = setup({ dryRun: true });
    http.hostMap.set('api.test', 'eu.api.test');
    const res = await client.request(post, { signal });
    expect(res).toMatchObject({ dryRun: true, url: 'https://eu.api.test/items', mappedFrom: 'https://api.test/items' });
    expect(log.of('http')).toMatchObject([{ dryRun: true, url: 'https://eu.api.test/items', mappedFrom: 'https://api.test/items' }]);
    expect(log.events.filter((e) => JSON.stringify(e).includes('would send'))).toEqual([]);
    expect(http.sent).toEqual([]);
  });

  it('aborting stops a backoff wait with the abort reason', async () => {
    const { http, client } = setup();
    const controller = new AbortController();
    http.on('GET', /^\/items$/, () => {
      controller.abort(new AppError('RUN_CANCELLED', 'The run was cancelled'));
      return json(500, {});
    });
    expect((await rejection(client.request(get, { signal: controller.signal }))).code).toBe('RUN_CANCELLED');
    expect(http.sent).toHaveLength(1);
  });
});

describe('rate limiter', () => {
  it('queues beyond the limit instead of failing, in arrival order', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter(clock);
    const limit = { requests: 2, perMs: 1000, key: 'connection' as const };
    const granted: [number, number][] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        limiter.acquire('k', limit, signal).then((turn) => {
          granted.push([i, clock.now()]);
          turn.done();
        }),
      ),
    );
    expect(granted).toEqual([
      [0, 0],
      [1, 0],
      [2, 1000],
      [3, 1000],
      [4, 2000],
    ]);
  });

  it('counts a request until a window after its answer, so a slow answer cannot let a burst through', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter(clock);
    const limit = { requests: 2, perMs: 1000, key: 'connection' as const };
    const slow = await limiter.acquire('k', limit, signal);
    const fast = await limiter.acquire('k', limit, signal);
    fast.done();
    const third = limiter.acquire('k', limit, signal).then((turn) => (turn.done(), clock.now()));
    const fourth = limiter.acquire('k', limit, signal).then((turn) => (turn.done(), clock.now()));
    await clock.sleep(500, signal);
    slow.done();
    expect(await third).toBe(1000);
    expect(await fourth).toBe(1500);
  });

  it('an unanswered request holds its place until it is answered', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter(clock);
    const limit = { requests: 1, perMs: 100, key: 'connection' as const };
    const first = await limiter.acquire('k', limit, signal);
    const second = limiter.acquire('k', limit, signal).then(() => clock.now());
    await clock.sleep(5000, signal);
    first.done();
    expect(await second).toBe(5100);
  });

  it('keys Books by organization, so two connections to one organization share the limit', async () => {
    const http = new FakeHttp()
      .connection({ linkName: 'a', serviceLinkName: 'zoho_books', rateLimit: { requests: 1, perMs: 60_000, key: 'organization' } })
      .connection({ linkName: 'b', serviceLinkName: 'zoho_books', rateLimit: { requests: 1, perMs: 60_000, key: 'organization' } })
      .on('GET', /contacts/, () => json(200, {}));
    const clock = new VirtualClock();
    const log = new MemoryLog();
    const client = createConnectionClient({ port: http, clock, log, limiter: createRateLimiter(clock), dryRun: false });
    const req = (linkName: string, org: string): ConnectionRequest => ({
      linkName,
      method: 'GET',
      url: 'https://books.test/contacts',
      query: { organization_id: org },
    });
    await Promise.all([
      client.request(req('a', '1'), { signal }),
      client.request(req('b', '1'), { signal }),
      client.request(req('b', '2'), { signal }),
    ]);
    expect(log.of('http').map((e) => [e.url, e.time])).toEqual([
      ['https://books.test/contacts?organization_id=1', 0],
      ['https://books.test/contacts?organization_id=2', 0],
      ['https://books.test/contacts?organization_id=1', 60_000],
    ]);
    expect(log.of('info').map((e) => e.message)).toEqual(['Waited 60000 ms for the zoho_books rate limit (1 per 60 s)']);
  });

  it('a waiter that is cancelled leaves the queue without taking a slot', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter(clock);
    const limit = { requests: 1, perMs: 1000, key: 'connection' as const };
    (await limiter.acquire('k', limit, signal)).done();
    const controller = new AbortController();
    const cancelled = limiter.acquire('k', limit, controller.signal);
    const next = limiter.acquire('k', limit, signal);
    controller.abort(new AppError('RUN_CANCELLED', 'cancelled'));
    await expect(cancelled).rejects.toMatchObject({ code: 'RUN_CANCELLED' });
    expect((await next).waited).toBe(1000);
  });
});

describe('requestUrl', () => {
  it('merges the query as setting each parameter on a parsed URL would', () => {
    const viaUrl = (url: string, query: Record<string, string>) => {
      const parsed = new URL(url);
      for (const [k, v] of Object.entries(query)) parsed.searchParams.set(k, v);
      return parsed.href;
    };
    const cases: [string, Record<string, string>][] = [
      ['https://www.zohoapis.com/books/v3/contacts', { organization_id: '10234695', email: 'jane+1@example.com' }],
      ['https://WWW.zohoapis.com', { q: 'a b&c=d' }],
      ['https://x.test/p?a=1&b=2', { b: '3', c: 'é' }],
      ['https://x.test/p#frag', { a: '1' }],
    ];
    for (const [url, query] of cases) expect(requestUrl({ url, query })).toBe(viaUrl(url, query));
    expect(requestUrl({ url: 'https://x.test/p', query: {} })).toBe('https://x.test/p');
  });
});

describe('origin slots', () => {
  it('keeps at most N exchanges in flight per origin, the rest waiting in arrival order', async () => {
    const slots = createOriginSlots(2);
    const order: string[] = [];
    const a1 = await slots.acquire('https://a.test', signal);
    const a2 = await slots.acquire('https://a.test', signal);
    const b1 = await slots.acquire('https://b.test', signal);
    const a3 = slots.acquire('https://a.test', signal).then((release) => (order.push('a3'), release));
    const a4 = slots.acquire('https://a.test', signal).then((release) => (order.push('a4'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    a1();
    a1();
    (await a3)();
    expect(order).toEqual(['a3']);
    a2();
    (await a4)();
    expect(order).toEqual(['a3', 'a4']);
    b1();
    expect(() => createOriginSlots(0)).toThrow(RangeError);
  });

  it('a waiter that is cancelled leaves the queue; a slot handed to it goes on to the next', async () => {
    const slots = createOriginSlots(1);
    const first = await slots.acquire('o', signal);
    const controller = new AbortController();
    const cancelled = slots.acquire('o', controller.signal);
    const next = slots.acquire('o', signal);
    controller.abort(new AppError('RUN_CANCELLED', 'cancelled'));
    await expect(cancelled).rejects.toMatchObject({ code: 'RUN_CANCELLED' });
    first();
    const release = await next;
    release();
    let free = false;
    void slots.acquire('o', signal).then(() => (free = true));
    await new Promise((settle) => setImmediate(settle));
    expect(free).toBe(true);
  });

  it('the policy takes the rate-limit turn only while holding a slot, so a released request is sent at once', async () => {
    let inFlight = 0;
    let most = 0;
    const http = new FakeHttp()
      .connection({ linkName: 'books', serviceLinkName: 'zoho_books', rateLimit: { requests: 2, perMs: 1000, key: 'connection' } })
      .on('GET', /items/, async () => {
        most = Math.max(most, ++inFlight);
        await clock.sleep(300, signal);
        inFlight -= 1;
        return json(200, {});
      });
    const clock = new VirtualClock();
    const log = new MemoryLog();
    const client = createConnectionClient({ port: http, clock, log, limiter: createRateLimiter(clock), slots: createOriginSlots(1), dryRun: false });
    await Promise.all([0, 1, 2].map(() => client.request({ linkName: 'books', method: 'GET', url: 'https://books.test/items' }, { signal })));
    expect(most).toBe(1);
    // Sent at 0 and 300 (slot); the first was answered at 300, so the third waits for the window to
    // pass that answer (1300), not for the slot.
    expect(log.of('http').map((e) => e.time - e.durationMs)).toEqual([0, 300, 1300]);
  });
});
