import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { BOOKS_ORG, call, control, jsonInit, useSandbox } from './helpers.ts';

const APP = 'http://localhost:5173';
const env = useSandbox();
let token = '';
const q = `organization_id=${BOOKS_ORG}`;

beforeAll(async () => {
  token = (await getTokens(env.url, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all'])).access_token;
});

const biginCount = async (): Promise<number> => ((await call(env.url, '/_sandbox/bigin/contacts')).body.data as unknown[]).length;
const booksContacts = async (): Promise<{ contact_name: string; contact_persons: { email: string; is_primary_contact: boolean }[] }[]> =>
  (await call(env.url, `/_sandbox/books/contacts?${q}`)).body.contacts;

/** A GET that reports a destroyed socket instead of throwing, so "no answer" can be asserted. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<'dropped' | number> {
  return new Promise((resolve) => {
    const req = request(new URL(path, env.url), { headers: { ...headers, connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve('dropped'));
    req.end();
  });
}

describe('POST /_sandbox/bigin/contacts/bulk', () => {
  it('creates 10,000 contacts in one call, each readable through the API', async () => {
    const contacts = Array.from({ length: 10_000 }, (_, i) => ({
      First_Name: 'Seed',
      Last_Name: `Person ${i}`,
      Email: `seed${i}@example.com`,
      Phone: '+1 555 0100',
    }));
    const res = await control(env.url, '/_sandbox/bigin/contacts/bulk', { contacts });
    expect(res.status).toBe(201);
    expect(res.body.ids).toHaveLength(10_000);
    expect(new Set(res.body.ids).size).toBe(10_000);
    expect(await biginCount()).toBe(10_025);
    const last = await call(env.url, `/bigin/v2/Contacts/${res.body.ids[9_999]}`, { token });
    expect(last.body.data[0]).toMatchObject({ Full_Name: 'Seed Person 9999', Email: 'seed9999@example.com' });
    const events = (await call(env.url, '/_sandbox/events')).body as { event: string; ids: string[] }[];
    expect(events.map((e) => [e.event, e.ids.length])).toEqual([['Contacts.create', 10_000]]);
  });

  it('validates like a single create and creates nothing when one record is bad', async () => {
    const res = await control(env.url, '/_sandbox/bigin/contacts/bulk', {
      contacts: [{ Last_Name: 'Fine' }, { Last_Name: 'Bad', Email: 'not-an-email' }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, index: 1, details: { code: 'INVALID_DATA', details: { api_name: 'Email' } } });
    expect(res.body.error).toContain('contacts[1]');
    const missing = await control(env.url, '/_sandbox/bigin/contacts/bulk', { contacts: [{ First_Name: 'NoLast' }] });
    expect(missing.body.error).toContain('MANDATORY_NOT_FOUND');
    expect(await biginCount()).toBe(25);
  });

  it('refuses an empty list, a missing list and more than 10,000', async () => {
    expect((await control(env.url, '/_sandbox/bigin/contacts/bulk', { contacts: [] })).body.error).toBe('contacts is empty');
    expect((await control(env.url, '/_sandbox/bigin/contacts/bulk', { data: [] })).body.error).toBe('contacts must be a list');
    const tooMany = await control(env.url, '/_sandbox/bigin/contacts/bulk', { contacts: Array.from({ length: 10_001 }, () => ({ Last_Name: 'x' })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toBe('at most 10000 contacts per call, got 10001');
  });
});

describe('POST /_sandbox/books/contacts/bulk', () => {
  it('creates contacts whose primary person carries the email, in the default organization', async () => {
    const res = await control(env.url, '/_sandbox/books/contacts/bulk', {
      contacts: [
        { contact_name: 'Bulk One', email: 'one@bulk.example', phone: '+1 555 0001' },
        { contact_name: 'Bulk Two', email: 'two@bulk.example', company_name: 'Two Ltd' },
        { contact_name: 'Bulk Three' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.ids).toHaveLength(3);
    const found = await call(env.url, `/books/v3/contacts?${q}&email=one@bulk.example`, { token });
    expect(found.body.contacts.map((c: { contact_id: string }) => c.contact_id)).toEqual([res.body.ids[0]]);
    const all = await booksContacts();
    const two = all.find((c) => c.contact_name === 'Bulk Two');
    expect(two?.contact_persons).toEqual([expect.objectContaining({ email: 'two@bulk.example', is_primary_contact: true })]);
    expect(all.find((c) => c.contact_name === 'Bulk Three')?.contact_persons).toEqual([]);
  });

  it('rolls everything back on a duplicate name, and refuses unknown organizations', async () => {
    const before = (await booksContacts()).length;
    const dup = await control(env.url, '/_sandbox/books/contacts/bulk', {
      organization_id: BOOKS_ORG,
      contacts: [{ contact_name: 'Fresh' }, { contact_name: 'Amelia Hart' }],
    });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ index: 1, code: 3062 });
    const inBatch = await control(env.url, '/_sandbox/books/contacts/bulk', { contacts: [{ contact_name: 'Twin' }, { contact_name: 'twin' }] });
    expect(inBatch.body).toMatchObject({ index: 1, code: 3062 });
    const badEmail = await control(env.url, '/_sandbox/books/contacts/bulk', { contacts: [{ contact_name: 'X', email: 'nope' }] });
    expect(badEmail.body.error).toContain('contacts[0]');
    expect((await booksContacts()).length).toBe(before);
    const unknown = await control(env.url, '/_sandbox/books/contacts/bulk', { organization_id: '999', contacts: [{ contact_name: 'X' }] });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /_sandbox/stats', () => {
  it('counts API requests per service, method and status, Books writes apart, until reset', async () => {
    await control(env.url, '/_sandbox/stats/reset');
    await control(env.url, '/_sandbox/settings', { booksRateLimit: { limit: 2, windowMs: 60_000 } });
    await call(env.url, '/bigin/v2/Contacts?per_page=1', { token });
    await call(env.url, '/bigin/v2/Contacts/6421000000009999999', { token });
    await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'Counted' }, token));
    await call(env.url, `/books/v3/contacts?${q}`, { token });
    await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'Limited' }, token));
    await call(env.url, '/_sandbox/health');
    const stats = (await call(env.url, '/_sandbox/stats')).body;
    expect(stats.requests).toBe(5);
    expect(stats.services.bigin).toEqual({ requests: 2, methods: { GET: 2 }, statuses: { '200': 1, '204': 1 } });
    expect(stats.services.books).toEqual({ requests: 3, methods: { POST: 2, GET: 1 }, statuses: { '201': 1, '200': 1, '429': 1 } });
    expect(stats.services.accounts.requests).toBe(0);
    expect(stats.booksWrites).toEqual({ requests: 2, statuses: { '201': 1, '429': 1 } });
    expect(stats.statuses['429']).toBe(1);
    await control(env.url, '/_sandbox/stats/reset');
    const after = (await call(env.url, '/_sandbox/stats')).body;
    expect(after.requests).toBe(0);
    expect(Date.parse(after.since)).toBeGreaterThanOrEqual(Date.parse(stats.since));
  });

  it('counts token requests under accounts', async () => {
    await control(env.url, '/_sandbox/stats/reset');
    await getTokens(env.url, ['ZohoBigin.modules.ALL']);
    const stats = (await call(env.url, '/_sandbox/stats')).body;
    // The consent page (GET), the Accept form (POST) and the code exchange (POST).
    expect(stats.services.accounts).toEqual({ requests: 3, methods: { GET: 1, POST: 2 }, statuses: { '200': 2, '302': 1 } });
  });
});

describe('outage fault', () => {
  it('drops every API request like a stopped server and keeps the control plane', async () => {
    const added = await control(env.url, '/_sandbox/faults', { kind: 'outage', seconds: 600 });
    expect(added.status).toBe(201);
    expect(added.body.faults[0]).toMatchObject({ kind: 'outage', until: expect.any(String) });
    const auth = { authorization: `Zoho-oauthtoken ${token}` };
    expect(await rawGet('/bigin/v2/Contacts', auth)).toBe('dropped');
    expect(await rawGet(`/books/v3/contacts?${q}`, auth)).toBe('dropped');
    expect(await rawGet('/oauth/serverinfo')).toBe('dropped');
    expect((await call(env.url, '/_sandbox/health')).status).toBe(200);
    expect((await call(env.url, '/')).status).toBe(200);
    const stats = (await call(env.url, '/_sandbox/stats')).body;
    expect(stats.statuses['0']).toBeGreaterThanOrEqual(3);
    const log = (await call(env.url, '/_sandbox/requests')).body as { fault?: string; status: number }[];
    expect(log.filter((r) => r.fault === 'outage' && r.status === 0).length).toBeGreaterThanOrEqual(3);
  });

  it('ends by itself after its seconds', async () => {
    await control(env.url, '/_sandbox/faults', { kind: 'outage', seconds: 2 });
    const auth = { authorization: `Zoho-oauthtoken ${token}` };
    expect(await rawGet('/bigin/v2/Contacts', auth)).toBe('dropped');
    await control(env.url, '/_sandbox/clock/advance', { ms: 1_500 });
    expect(await rawGet('/bigin/v2/Contacts', auth)).toBe('dropped');
    await control(env.url, '/_sandbox/clock/advance', { ms: 600 });
    expect(await rawGet('/bigin/v2/Contacts', auth)).toBe(200);
    expect((await call(env.url, '/_sandbox/faults')).body).toEqual([]);
  });

  it('follows the sandbox clock and ends early when faults are cleared', async () => {
    await control(env.url, '/_sandbox/faults', { kind: 'outage', seconds: 600 });
    const auth = { authorization: `Zoho-oauthtoken ${token}` };
    expect(await rawGet('/bigin/v2/Contacts', auth)).toBe('dropped');
    await control(env.url, '/_sandbox/clock/advance', { ms: 600_000 });
    expect(await rawGet('/oauth/serverinfo')).toBe(200);
    await control(env.url, '/_sandbox/faults', { kind: 'outage', seconds: 600 });
    await call(env.url, '/_sandbox/faults', { method: 'DELETE' });
    expect(await rawGet('/oauth/serverinfo')).toBe(200);
  });

  it('validates the outage definition', async () => {
    expect((await control(env.url, '/_sandbox/faults', { kind: 'outage' })).body.error).toBe(
      'seconds must be a whole number of seconds from 1 to 3600',
    );
    expect((await control(env.url, '/_sandbox/faults', { kind: 'outage', seconds: 5, count: 2 })).body.error).toBe(
      'an outage takes only kind and seconds, not count',
    );
    expect((await control(env.url, '/_sandbox/faults', { kind: 'flood', seconds: 5 })).body.error).toBe('kind must be "request" or "outage"');
  });
});

describe('Books rate limit, compressed', () => {
  it('answers 429 with a Retry-After that is enough and not more than the window', async () => {
    // A small limit, so the requests that fill the window surely fit in its 2 s even on a busy machine.
    await control(env.url, '/_sandbox/settings', { booksRateLimit: { limit: 20, windowMs: 2_000 } });
    const filling = await Promise.all(Array.from({ length: 20 }, () => call(env.url, `/books/v3/contacts?${q}&per_page=1`, { token })));
    expect(filling.map((r) => r.status)).toEqual(Array(20).fill(200));
    const limited = await call(env.url, `/books/v3/contacts?${q}`, { token, headers: { origin: APP } });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ code: 45, message: 'Request limit exceeded' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect([1, 2]).toContain(retryAfter);
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After, Date');
    await control(env.url, '/_sandbox/clock/advance', { ms: retryAfter * 1000 });
    expect((await call(env.url, `/books/v3/contacts?${q}`, { token })).status).toBe(200);
  });

  it('gives the daily quota a Retry-After up to the next UTC day', async () => {
    await control(env.url, '/_sandbox/settings', { booksDailyLimit: 2 });
    await call(env.url, `/books/v3/contacts?${q}`, { token });
    await call(env.url, `/books/v3/contacts?${q}`, { token });
    const limited = await call(env.url, `/books/v3/contacts?${q}`, { token });
    expect(limited.status).toBe(429);
    const now = new Date();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    expect(Math.abs(Number(limited.headers.get('retry-after')) - (midnight - Date.now()) / 1000)).toBeLessThan(5);
  });
});
