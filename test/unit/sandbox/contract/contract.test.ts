import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { getTokens } from '../../../../sandbox/testing/oauth-client.ts';
import { BOOKS_ORG, call, control, jsonInit, useSandbox, type Res } from '../helpers.ts';
import { BiginError, CompanyRecord, ContactRecord, ListInfo, SearchInfo, WriteResult } from './bigin-schema.ts';
import { BooksError, ContactAnswer, ContactList, Deleted, OrganizationAnswer, OrganizationList } from './books-schema.ts';

const env = useSandbox();
let token = '';
const q = `organization_id=${BOOKS_ORG}`;

beforeAll(async () => {
  token = (await getTokens(env.url, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all'])).access_token;
});

/** Every schema issue, so a failure names the attribute and what was wrong with it. */
const issues = (schema: z.ZodType, body: unknown) => (schema.safeParse(body).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
const conforms = (schema: z.ZodType, res: Res, status: number) => {
  expect(res.status).toBe(status);
  expect(issues(schema, res.body)).toEqual([]);
};

describe('Books contract', () => {
  it('GET /organizations and /organizations/{id}', async () => {
    conforms(OrganizationList, await call(env.url, '/books/v3/organizations', { token }), 200);
    conforms(OrganizationAnswer, await call(env.url, `/books/v3/organizations/${BOOKS_ORG}`, { token }), 200);
    conforms(BooksError, await call(env.url, '/books/v3/organizations/999', { token }), 400);
  });

  it('GET /contacts: every row and the page context', async () => {
    const res = await call(env.url, `/books/v3/contacts?${q}`, { token });
    conforms(ContactList, res, 200);
    expect(res.body.contacts).toHaveLength(7);
  });

  it('GET /contacts/{id} for every seeded contact, with and without persons', async () => {
    const rows = (await call(env.url, `/books/v3/contacts?${q}`, { token })).body.contacts as { contact_id: string }[];
    for (const row of rows) conforms(ContactAnswer, await call(env.url, `/books/v3/contacts/${row.contact_id}?${q}`, { token }), 200);
  });

  it('POST, PUT and DELETE /contacts', async () => {
    const created = await call(
      env.url,
      `/books/v3/contacts?${q}`,
      jsonInit('POST', { contact_name: 'Contract Co', contact_persons: [{ first_name: 'Cy', email: 'cy@contract.example' }] }, token),
    );
    conforms(ContactAnswer, created, 201);
    const id = created.body.contact.contact_id;
    conforms(
      ContactAnswer,
      await call(env.url, `/books/v3/contacts/${id}?${q}`, jsonInit('PUT', { contact_name: 'Contract Co', notes: 'edited' }, token)),
      200,
    );
    conforms(Deleted, await call(env.url, `/books/v3/contacts/${id}?${q}`, { method: 'DELETE', token }), 200);
  });

  it('error bodies', async () => {
    conforms(BooksError, await call(env.url, `/books/v3/contacts?${q}`), 401);
    conforms(BooksError, await call(env.url, `/books/v3/contacts?${q}`, { token: '1000.bad.token' }), 401);
    conforms(BooksError, await call(env.url, '/books/v3/contacts?organization_id=999', { token }), 400);
    conforms(BooksError, await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'Amelia Hart' }, token)), 400);
    conforms(BooksError, await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'X', currency_id: '1' }, token)), 400);
    conforms(BooksError, await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'X', credit_limit: 'lots' }, token)), 400);
    conforms(BooksError, await call(env.url, `/books/v3/contacts/4600000000999999?${q}`, { token }), 404);
    conforms(BooksError, await call(env.url, `/books/v3/widgets?${q}`, { token }), 404);
    await control(env.url, '/_sandbox/settings', { booksRateLimit: { limit: 1, windowMs: 60_000 } });
    await call(env.url, `/books/v3/contacts?${q}`, { token });
    conforms(BooksError, await call(env.url, `/books/v3/contacts?${q}`, { token }), 429);
  });
});

describe('Bigin contract', () => {
  it('GET /Contacts: every record and info', async () => {
    const res = await call(env.url, '/bigin/v2/Contacts?per_page=10', { token });
    expect(res.status).toBe(200);
    for (const record of res.body.data) expect(issues(ContactRecord, record)).toEqual([]);
    expect(issues(ListInfo, res.body.info)).toEqual([]);
    const last = await call(env.url, '/bigin/v2/Contacts?per_page=10&page=3', { token });
    expect(issues(ListInfo, last.body.info)).toEqual([]);
    expect(last.body.info).toMatchObject({ more_records: false, next_page_token: null, page_token_expiry: expect.any(String) });
  });

  it('GET /Contacts/{id} and /Accounts', async () => {
    const list = await call(env.url, '/bigin/v2/Contacts?per_page=1', { token });
    const one = await call(env.url, `/bigin/v2/Contacts/${list.body.data[0].id}`, { token });
    expect(one.status).toBe(200);
    expect(issues(ContactRecord, one.body.data[0])).toEqual([]);
    const companies = await call(env.url, '/bigin/v2/Accounts', { token });
    for (const record of companies.body.data) expect(issues(CompanyRecord, record)).toEqual([]);
  });

  it('GET /Contacts/search', async () => {
    const res = await call(env.url, '/bigin/v2/Contacts/search?email=wen.li@tidewater.example', { token });
    expect(issues(ContactRecord, res.body.data[0])).toEqual([]);
    expect(issues(SearchInfo, res.body.info)).toEqual([]);
  });

  it('POST and PUT results, a created record, and per-record errors', async () => {
    const created = await call(
      env.url,
      '/bigin/v2/Contacts',
      jsonInit('POST', { data: [{ Last_Name: 'Contract' }, { First_Name: 'NoLast' }] }, token),
    );
    expect(created.status).toBe(202);
    expect(issues(WriteResult, created.body.data[0])).toEqual([]);
    expect(issues(BiginError, created.body.data[1])).toEqual([]);
    const id = created.body.data[0].details.id;
    const record = await call(env.url, `/bigin/v2/Contacts/${id}`, { token });
    expect(issues(ContactRecord, record.body.data[0])).toEqual([]);
    const updated = await call(env.url, `/bigin/v2/Contacts/${id}`, jsonInit('PUT', { data: [{ Title: 'Tested' }] }, token));
    expect(issues(WriteResult, updated.body.data[0])).toEqual([]);
  });

  it('error bodies, and empty answers without a body', async () => {
    const errors: [Promise<Res>, number][] = [
      [call(env.url, '/bigin/v2/Contacts'), 401],
      [call(env.url, '/bigin/v2/Contacts', { token: '1000.bad.token' }), 401],
      [call(env.url, '/bigin/v2/Widgets', { token }), 400],
      [call(env.url, '/bigin/v2/Contacts?per_page=500', { token }), 400],
      [call(env.url, '/bigin/v2/Contacts?page=11', { token }), 400],
      [call(env.url, '/bigin/v2/Contacts?page=1&page_token=x', { token }), 400],
      [call(env.url, '/bigin/v2/Contacts?page_token=x', { token }), 400],
      [call(env.url, '/bigin/v2/Contacts/search', { token }), 400],
      [call(env.url, '/bigin/v2/Contacts/1/2/3', { token }), 404],
    ];
    for (const [pending, status] of errors) conforms(BiginError, await pending, status);
    const scoped = (await getTokens(env.url, ['ZohoBooks.fullaccess.all'])).access_token;
    conforms(BiginError, await call(env.url, '/bigin/v2/Contacts', { token: scoped }), 401);
    for (const res of [
      await call(env.url, '/bigin/v2/Contacts/6421000000009999999', { token }),
      await call(env.url, '/bigin/v2/Contacts?page=9', { token }),
    ]) {
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
    }
    const unchanged = await call(env.url, '/bigin/v2/Contacts', { token, headers: { 'if-modified-since': '2099-01-01T00:00:00+00:00' } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
  });
});
