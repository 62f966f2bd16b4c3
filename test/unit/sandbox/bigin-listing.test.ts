import { beforeEach, describe, expect, it } from 'vitest';
import { listPage } from '../../../sandbox/bigin/listing.ts';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { call, control, jsonInit, useSandbox, type Body } from './helpers.ts';

const env = useSandbox();
let token = '';

beforeEach(async () => {
  // A fresh token each time: some tests move the sandbox clock past an access token's hour.
  token = (await getTokens(env.url, ['ZohoBigin.modules.ALL'])).access_token;
});

const list = (query: string, headers: Record<string, string> = {}) => call(env.url, `/bigin/v2/Contacts?${query}`, { token, headers });
const advance = (ms: number) => control(env.url, '/_sandbox/clock/advance', { ms });
const seedBulk = async (n: number, prefix = 'Bulk'): Promise<string[]> => {
  const contacts = Array.from({ length: n }, (_, i) => ({ Last_Name: `${prefix} ${i}`, Email: `${prefix.toLowerCase()}${i}@example.com` }));
  const res = await control(env.url, '/_sandbox/bigin/contacts/bulk', { contacts });
  expect(res.status).toBe(201);
  return res.body.ids as string[];
};
const ids = (res: { body: Body }): string[] => (res.body.data as { id: string }[]).map((r) => r.id);
const byIdAsc = (a: string, b: string) => a.length - b.length || (a < b ? -1 : 1);
const POLL = 'fields=Last_Name,Modified_Time,Created_Time&sort_by=Modified_Time&sort_order=asc&per_page=200';

describe('sort_by=Modified_Time|Created_Time', () => {
  it('orders by the instant, ties by id ascending, and an edited record moves to the end', async () => {
    const all = ids(await list('sort_by=Modified_Time&sort_order=asc'));
    await advance(5_000);
    const tied = await seedBulk(3, 'Tie');
    await advance(5_000);
    const edited = all[2] as string;
    expect((await call(env.url, `/bigin/v2/Contacts/${edited}`, jsonInit('PUT', { data: [{ Title: 'Buyer' }] }, token))).status).toBe(200);
    const res = await list(POLL);
    const order = ids(res);
    expect(order.slice(-4)).toEqual([...[...tied].sort(byIdAsc), edited]);
    const times = (res.body.data as { Modified_Time: string }[]).map((r) => Date.parse(r.Modified_Time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(res.body.info).toMatchObject({ sort_by: 'Modified_Time', sort_order: 'asc' });
  });

  it('sorts descending with ties still by id ascending, and by Created_Time', async () => {
    await advance(5_000);
    const tied = await seedBulk(3, 'Tie');
    const desc = ids(await list('sort_by=Modified_Time&sort_order=desc&per_page=3'));
    expect(desc).toEqual([...tied].sort(byIdAsc));
    const created = await list('sort_by=Created_Time&sort_order=desc&per_page=3');
    expect(ids(created)).toEqual([...tied].sort(byIdAsc));
  });
});

describe('ordering by instant', () => {
  it('compares times written in different offsets as instants, not as text', () => {
    // As text, "10:45+05:30" sorts after "06:00+00:00"; as an instant it is 05:15 UTC, 45 minutes earlier.
    const records = [
      { id: '3', Modified_Time: '2025-01-06T06:00:00+00:00' },
      { id: '2', Modified_Time: '2025-01-06T10:45:00+05:30' },
      { id: '1', Modified_Time: '2025-01-06T05:00:00Z' },
    ];
    const reply = listPage(records, new URLSearchParams('sort_by=Modified_Time&sort_order=asc'), { module: 'Contacts', nowMs: Date.now() });
    expect((reply.body as { data: { id: string }[] }).data.map((r) => r.id)).toEqual(['1', '2', '3']);
    const since = listPage(records, new URLSearchParams('sort_by=Modified_Time'), {
      module: 'Contacts',
      nowMs: Date.now(),
      ifModifiedSince: '2025-01-06T10:30:00+05:30',
    });
    expect((since.body as { data: { id: string }[] }).data.map((r) => r.id)).toEqual(['2', '3']);
  });
});

describe('paging: page/per_page up to 2,000 records, then page_token', () => {
  it('refuses pages beyond the first 2,000 records with DISCRETE_PAGINATION_LIMIT_EXCEEDED', async () => {
    await seedBulk(2100);
    expect((await list('page=10&per_page=200')).status).toBe(200);
    const beyond = await list('page=11&per_page=200');
    expect(beyond.status).toBe(400);
    expect(beyond.body).toEqual({
      code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
      details: { limit: 2000 },
      message: 'You can only get the first 2000 records without using page_token param.',
      status: 'error',
    });
    expect((await list('page=41&per_page=50')).body.code).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
  });

  it('walks every record with next_page_token, info as documented', async () => {
    await seedBulk(2100);
    const first = await list(POLL);
    expect(first.body.info).toMatchObject({ per_page: 200, count: 200, page: 1, more_records: true, previous_page_token: null });
    expect(first.body.info.next_page_token).toEqual(expect.any(String));
    expect(Date.parse(first.body.info.page_token_expiry)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(first.body.info.page_token_expiry).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const seen = ids(first);
    let info = first.body.info;
    while (info.more_records) {
      const next = await list(`${POLL}&page_token=${encodeURIComponent(info.next_page_token)}`);
      expect(next.status).toBe(200);
      expect(next.body.info.page).toBe(info.page + 1);
      seen.push(...ids(next));
      info = next.body.info;
    }
    expect(info).toMatchObject({ page: 11, count: 125, more_records: false, next_page_token: null });
    expect(seen).toHaveLength(2125);
    expect(new Set(seen).size).toBe(2125);
  });

  it('loses nothing when a record on an earlier page is edited mid-walk', async () => {
    await seedBulk(450);
    const first = await list(POLL);
    const moved = ids(first)[10] as string;
    await advance(2_000);
    await call(env.url, `/bigin/v2/Contacts/${moved}`, jsonInit('PUT', { data: [{ Title: 'Moved' }] }, token));
    const seen = ids(first);
    let info = first.body.info;
    while (info.more_records) {
      const next = await list(`${POLL}&page_token=${encodeURIComponent(info.next_page_token)}`);
      seen.push(...ids(next));
      info = next.body.info;
    }
    expect(new Set(seen).size).toBe(475);
    expect(seen.at(-1)).toBe(moved);
  });

  it('goes back with previous_page_token to the same page as page=N', async () => {
    await seedBulk(500);
    const second = await list('per_page=100&page=2');
    const third = await list(`per_page=100&page_token=${encodeURIComponent(second.body.info.next_page_token)}`);
    expect(third.body.info.page).toBe(3);
    const back = await list(`per_page=100&page_token=${encodeURIComponent(third.body.info.previous_page_token)}`);
    expect(back.body.info.page).toBe(2);
    expect(ids(back)).toEqual(ids(second));
  });

  it('answers misuse with Zoho’s errors: page with page_token, altered params or token, expiry', async () => {
    const first = await list('per_page=10');
    const tok = encodeURIComponent(first.body.info.next_page_token);
    const both = await list(`per_page=10&page=2&page_token=${tok}`);
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'AMBIGUITY_DURING_PROCESSING', status: 'error' });
    const altered = await list(`per_page=20&page_token=${tok}`);
    expect(altered.status).toBe(400);
    expect(altered.body).toMatchObject({ code: 'TOKEN_BOUND_DATA_MISMATCH', details: { param_name: 'page_token' } });
    expect((await list(`per_page=10&sort_order=desc&page_token=${tok}`)).body.code).toBe('TOKEN_BOUND_DATA_MISMATCH');
    expect((await list(`per_page=10&page_token=${tok}`, { 'if-modified-since': '2025-01-01T00:00:00+00:00' })).body.code).toBe(
      'TOKEN_BOUND_DATA_MISMATCH',
    );
    expect((await list(`per_page=10&page_token=${tok.slice(0, -2)}xx`)).body.code).toBe('TOKEN_BOUND_DATA_MISMATCH');
    expect((await list(`per_page=10&page_token=${tok}`)).status).toBe(200);
    await advance(24 * 3_600_000 + 1_000);
    token = (await getTokens(env.url, ['ZohoBigin.modules.ALL'])).access_token;
    const expired = await list(`per_page=10&page_token=${tok}`);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ code: 'EXPIRED_VALUE', details: { param_name: 'page_token' }, status: 'error' });
  });
});

describe('If-Modified-Since', () => {
  it('lists only records modified after the instant, in any offset, and 304 when none', async () => {
    const all = (await list(POLL)).body.data as { id: string; Modified_Time: string }[];
    const pivot = all[19] as { Modified_Time: string };
    const after = all.filter((r) => Date.parse(r.Modified_Time) > Date.parse(pivot.Modified_Time)).map((r) => r.id);
    expect(after.length).toBeGreaterThan(0);
    const res = await list(POLL, { 'if-modified-since': pivot.Modified_Time });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(after);
    // The same instant written in another offset.
    const shifted = new Date(Date.parse(pivot.Modified_Time) + 5.5 * 3_600_000).toISOString().slice(0, 19) + '+05:30';
    expect(ids(await list(POLL, { 'if-modified-since': shifted }))).toEqual(after);
    const last = all.at(-1) as { Modified_Time: string };
    const none = await list(POLL, { 'if-modified-since': last.Modified_Time });
    expect(none.status).toBe(304);
    expect(none.text).toBe('');
  });

  it('sees a change made after the last poll, and refuses a date it cannot read', async () => {
    const all = (await list(POLL)).body.data as { id: string; Modified_Time: string }[];
    const checkpoint = (all.at(-1) as { Modified_Time: string }).Modified_Time;
    await advance(1_000);
    const id = (all[0] as { id: string }).id;
    await call(env.url, `/_sandbox/bigin/contacts/${id}`, jsonInit('PATCH', { Phone: '+1 555 0999' }));
    const res = await list(POLL, { 'if-modified-since': checkpoint });
    expect(ids(res)).toEqual([id]);
    const bad = await list(POLL, { 'if-modified-since': 'Tue, 07 Jan 2025 10:00:00 GMT' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_DATA', details: { header_name: 'If-Modified-Since' }, status: 'error' });
  });
});

describe('If-Modified-Since from a browser', () => {
  const APP = 'http://localhost:5173';

  it('allows the header in a preflight and answers the 304 with CORS headers', async () => {
    const preflight = await call(env.url, '/bigin/v2/Contacts', {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,if-modified-since' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('if-modified-since');
    const quiet = await list(POLL, { origin: APP, 'if-modified-since': '2099-01-01T00:00:00+00:00' });
    expect(quiet.status).toBe(304);
    expect(quiet.headers.get('access-control-allow-origin')).toBe(APP);
  });
});

describe('Modified_Time on every write', () => {
  const timeOf = (iso: string) => Date.parse(iso);
  const get = async (id: string) => (await call(env.url, `/bigin/v2/Contacts/${id}`, { token })).body.data[0] as Record<string, string>;

  it('a create has Created_Time == Modified_Time (API, control plane, bulk), at the sandbox clock', async () => {
    await advance(3 * 3_600_000);
    token = (await getTokens(env.url, ['ZohoBigin.modules.ALL'])).access_token;
    const now = Date.now() + 3 * 3_600_000;
    const api = await call(env.url, '/bigin/v2/Contacts', jsonInit('POST', { data: [{ Last_Name: 'Api' }] }, token));
    const plane = await control(env.url, '/_sandbox/bigin/contacts', { Last_Name: 'Plane' });
    const [bulk] = await seedBulk(1);
    for (const id of [api.body.data[0].details.id, plane.body.data.id, bulk]) {
      const r = await get(id);
      expect(r.Created_Time).toBe(r.Modified_Time);
      expect(r.Modified_Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      expect(Math.abs(timeOf(r.Modified_Time as string) - now)).toBeLessThan(60_000);
    }
  });

  it('an update through the API or the control plane moves Modified_Time by the clock advance', async () => {
    const [id] = await seedBulk(1);
    const created = await get(id as string);
    await advance(90_000);
    await call(env.url, `/bigin/v2/Contacts/${id}`, jsonInit('PUT', { data: [{ Title: 'A' }] }, token));
    const afterApi = await get(id as string);
    expect(timeOf(afterApi.Modified_Time as string) - timeOf(created.Modified_Time as string)).toBeGreaterThanOrEqual(90_000);
    expect(afterApi.Created_Time).toBe(created.Created_Time);
    await advance(60_000);
    await call(env.url, `/_sandbox/bigin/contacts/${id}`, jsonInit('PATCH', { Title: 'B' }));
    const afterPlane = await get(id as string);
    expect(timeOf(afterPlane.Modified_Time as string) - timeOf(afterApi.Modified_Time as string)).toBeGreaterThanOrEqual(60_000);
  });
});
