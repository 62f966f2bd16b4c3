import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { BOOKS_ORG, call, control, jsonInit, useSandbox } from './helpers.ts';

const APP = 'http://localhost:5173';
const env = useSandbox();
let token = '';
const q = `organization_id=${BOOKS_ORG}`;

beforeAll(async () => {
  token = (await getTokens(env.url, ['ZohoBooks.fullaccess.all', 'ZohoBigin.modules.ALL'])).access_token;
});

describe('CORS', () => {
  it('answers a preflight carrying Authorization from an app origin', async () => {
    for (const path of ['/books/v3/contacts', '/bigin/v2/Contacts/1', '/oauth/v2/token', '/_sandbox/requests']) {
      const res = await call(env.url, path, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    }
  });

  it('refuses a preflight from another origin', async () => {
    const res = await call(env.url, '/books/v3/contacts', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds the allow-origin header to real responses for app origins only', async () => {
    const ok = await call(env.url, `/books/v3/contacts?${q}`, { token, headers: { origin: APP } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    const other = await call(env.url, `/books/v3/contacts?${q}`, { token, headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/** A raw request that reports a destroyed socket instead of throwing, so "no answer" can be asserted. */
function rawPost(url: string, path: string, body: string, headers: Record<string, string>): Promise<'dropped' | number> {
  return new Promise((resolve) => {
    const req = request(new URL(path, url), { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve('dropped'));
    req.end(body);
  });
}

describe('faults', () => {
  it('injects a status with a body for the next N matching requests', async () => {
    await control(env.url, '/_sandbox/faults', {
      match: { method: 'GET', pathPrefix: '/books/v3/contacts' },
      count: 2,
      action: { status: 503, body: { code: 1000, message: 'Internal error' } },
    });
    for (let i = 0; i < 2; i++) {
      const res = await call(env.url, `/books/v3/contacts?${q}`, { token });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ code: 1000, message: 'Internal error' });
    }
    expect((await call(env.url, `/books/v3/contacts?${q}`, { token })).status).toBe(200);
  });

  it('matches the method: a GET fault leaves POST alone', async () => {
    await control(env.url, '/_sandbox/faults', { match: { method: 'GET', pathPrefix: '/books/' }, count: 1, action: { status: 500 } });
    const created = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'Untouched' }, token));
    expect(created.status).toBe(201);
  });

  it('delays a request', async () => {
    await control(env.url, '/_sandbox/faults', { match: { pathPrefix: '/bigin/' }, count: 1, action: { delayMs: 300 } });
    const started = Date.now();
    const res = await call(env.url, '/bigin/v2/Contacts?per_page=1', { token });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('drops the connection before doing the work', async () => {
    await control(env.url, '/_sandbox/faults', { match: { method: 'POST', pathPrefix: '/books/v3/contacts' }, count: 1, action: { drop: 'before' } });
    const body = JSON.stringify({ contact_name: 'Never Made' });
    const outcome = await rawPost(env.url, `/books/v3/contacts?${q}`, body, {
      'content-type': 'application/json',
      authorization: `Zoho-oauthtoken ${token}`,
    });
    expect(outcome).toBe('dropped');
    const search = await call(env.url, `/books/v3/contacts?${q}&contact_name=Never%20Made`, { token });
    expect(search.body.contacts).toEqual([]);
  });

  it('drops the connection after the write: the contact exists once, and a retry hits 3062', async () => {
    await control(env.url, '/_sandbox/faults', { match: { method: 'POST', pathPrefix: '/books/v3/contacts' }, count: 1, action: { drop: 'after' } });
    const body = JSON.stringify({ contact_name: 'Half Done', contact_persons: [{ last_name: 'Done', email: 'half@example.com' }] });
    const outcome = await rawPost(env.url, `/books/v3/contacts?${q}`, body, {
      'content-type': 'application/json',
      authorization: `Zoho-oauthtoken ${token}`,
    });
    expect(outcome).toBe('dropped');
    const search = await call(env.url, `/books/v3/contacts?${q}&email=half@example.com`, { token });
    expect(search.body.contacts).toHaveLength(1);
    const retry = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', JSON.parse(body), token));
    expect(retry.body.code).toBe(3062);
    const log = (await call(env.url, '/_sandbox/requests')).body as { fault?: string; status: number }[];
    expect(log.some((r) => r.fault === 'drop-after' && r.status === 201)).toBe(true);
  });

  it('validates fault definitions and clears them', async () => {
    const bad = await control(env.url, '/_sandbox/faults', { match: { pathPrefix: 'books' }, count: 1, action: { status: 500 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('pathPrefix');
    const empty = await control(env.url, '/_sandbox/faults', { match: { pathPrefix: '/books' }, count: 1, action: {} });
    expect(empty.body.error).toContain('at least one');
    await control(env.url, '/_sandbox/faults', { match: { pathPrefix: '/books' }, count: 5, action: { status: 500 } });
    await call(env.url, '/_sandbox/faults', { method: 'DELETE' });
    expect((await call(env.url, `/books/v3/contacts?${q}`, { token })).status).toBe(200);
  });
});

describe('settings, reset and data views', () => {
  it('reads and updates settings, rejecting unknown keys and bad values', async () => {
    const initial = (await call(env.url, '/_sandbox/settings')).body;
    expect(initial).toMatchObject({
      accessTokenTtlSeconds: 3600,
      rotateRefreshTokens: false,
      booksRateLimit: { limit: 100, windowMs: 60000 },
      booksRateLimitEnabled: true,
      booksSearchStrict: false,
    });
    const updated = await control(env.url, '/_sandbox/settings', { booksRateLimit: { limit: 7 } });
    expect(updated.body.booksRateLimit).toEqual({ limit: 7, windowMs: 60000 });
    expect((await control(env.url, '/_sandbox/settings', { nope: 1 })).body.error).toBe('unknown setting nope');
    expect((await control(env.url, '/_sandbox/settings', { accessTokenTtlSeconds: -5 })).status).toBe(400);
  });

  it('reset restores the seed data, settings and ids', async () => {
    const seeded = (await call(env.url, '/_sandbox/bigin/contacts')).body.data;
    expect(seeded).toHaveLength(25);
    expect(seeded.filter((c: { Email: string | null }) => c.Email === null).length).toBeGreaterThan(0);
    const created = await control(env.url, '/_sandbox/bigin/contacts', { Last_Name: 'Temp' });
    await control(env.url, '/_sandbox/settings', { booksSearchStrict: true });
    await control(env.url, '/_sandbox/reset');
    expect((await call(env.url, '/_sandbox/bigin/contacts')).body.data).toEqual(seeded);
    expect((await call(env.url, '/_sandbox/settings')).body.booksSearchStrict).toBe(false);
    const again = await control(env.url, '/_sandbox/bigin/contacts', { Last_Name: 'Temp' });
    expect(again.body.data.id).toBe(created.body.data.id);
  });

  it('shares emails between the Bigin and Books seeds', async () => {
    const bigin = new Set(((await call(env.url, '/_sandbox/bigin/contacts')).body.data as { Email: string | null }[]).map((c) => c.Email));
    const books = (await call(env.url, `/_sandbox/books/contacts?${q}`)).body.contacts as { contact_persons: { email: string }[] }[];
    const shared = books.flatMap((c) => c.contact_persons.map((p) => p.email)).filter((e) => bigin.has(e));
    expect(shared.length).toBeGreaterThanOrEqual(4);
    expect((await call(env.url, '/_sandbox/books/contacts')).status).toBe(400);
  });

  it('creates and edits Bigin contacts through the control plane (JSON)', async () => {
    const created = await control(env.url, '/_sandbox/bigin/contacts', { First_Name: 'Ada', Last_Name: 'Stone', Email: 'ada@example.com' });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const edited = await call(env.url, `/_sandbox/bigin/contacts/${id}`, jsonInit('PATCH', { Email: 'ada.stone@example.com' }));
    expect(edited.body.data.Email).toBe('ada.stone@example.com');
    const viaApi = await call(env.url, `/bigin/v2/Contacts/${id}`, { token });
    expect(viaApi.body.data[0].Email).toBe('ada.stone@example.com');
    const events = (await call(env.url, '/_sandbox/events')).body as { event: string; ids: string[] }[];
    expect(events.map((e) => [e.event, e.ids[0]])).toEqual([
      ['Contacts.create', id],
      ['Contacts.edit', id],
    ]);
    const invalid = await control(env.url, '/_sandbox/bigin/contacts', { First_Name: 'NoLast' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toContain('MANDATORY_NOT_FOUND');
    expect((await call(env.url, '/_sandbox/bigin/contacts/6421000000009999999', jsonInit('PATCH', { Title: 'x' }))).status).toBe(404);
  });

  it('serves the home page and its create/edit form', async () => {
    const home = await call(env.url, '/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Organizations');
    expect(home.text).toContain('Amelia Hart');
    expect(home.text).toContain('Create a Bigin contact');
    const post = await call(env.url, '/_sandbox/bigin/contacts', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ First_Name: 'Form', Last_Name: 'Person', Email: 'form@example.com', Account_Name: '' }),
    });
    expect(post.status).toBe(303);
    const id = new URL(post.headers.get('location') ?? '', env.url).searchParams.get('saved') ?? '';
    const editPage = await call(env.url, `/?edit=${id}`);
    expect(editPage.text).toContain(`Edit Bigin contact ${id}`);
    expect(editPage.text).toContain('value="form@example.com"');
    const edit = await call(env.url, `/_sandbox/bigin/contacts/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ First_Name: 'Form', Last_Name: 'Person', Email: 'bad-email', Account_Name: '' }),
    });
    expect(edit.status).toBe(400);
    expect(edit.text).toContain('INVALID_DATA');
  });

  it('escapes record values in the page', async () => {
    await control(env.url, '/_sandbox/bigin/contacts', { Last_Name: '<script>alert(1)</script>' });
    const home = await call(env.url, '/');
    expect(home.text).not.toContain('<script>alert(1)</script>');
    expect(home.text).toContain('&lt;script&gt;');
  });
});

describe('local-only guards', () => {
  it('refuses host names other than loopback (DNS rebinding)', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/_sandbox/health', env.url), { headers: { host: `attacker.example:${env.sandbox.port}` } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(421);
  });

  it('refuses control-plane writes posted from another site', async () => {
    const res = await call(env.url, '/_sandbox/reset', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const fromApp = await call(env.url, '/_sandbox/reset', { method: 'POST', headers: { origin: APP } });
    expect(fromApp.status).toBe(200);
  });
});
