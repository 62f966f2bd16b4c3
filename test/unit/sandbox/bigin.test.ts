import { beforeAll, describe, expect, it } from 'vitest';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { call, jsonInit, useSandbox, type Body } from './helpers.ts';

const env = useSandbox();
let token = '';
let firstId = '';

beforeAll(async () => {
  token = (await getTokens(env.url, ['ZohoBigin.modules.ALL', 'ZohoBigin.org.READ'])).access_token;
});

const contacts = async () => (await call(env.url, '/_sandbox/bigin/contacts')).body.data as Record<string, Body>[];

describe('Bigin records', () => {
  it('gets a contact by id as {data:[record]}', async () => {
    firstId = (await contacts())[0]!.id;
    const res = await call(env.url, `/bigin/v2/Contacts/${firstId}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id: firstId,
      Full_Name: 'Amelia Hart',
      Email: 'amelia.hart@fernhill.example',
      Account_Name: { name: 'Fernhill Nursery' },
    });
    expect(res.body.data[0].Created_Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('answers 204 with no body for a missing record', async () => {
    const res = await call(env.url, '/bigin/v2/Contacts/6421000000009999999', { token });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const bad = await call(env.url, '/bigin/v2/Contacts/not-a-number', { token });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
  });

  it('lists with page, per_page, fields and info', async () => {
    const res = await call(env.url, '/bigin/v2/Contacts?fields=Last_Name,Email&per_page=10&page=3', { token });
    expect(res.status).toBe(200);
    expect(res.body.info).toMatchObject({ per_page: 10, count: 5, page: 3, more_records: false });
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['Email', 'Last_Name', 'id']);
    const first = await call(env.url, '/bigin/v2/Contacts?per_page=10', { token });
    expect(first.body.info.more_records).toBe(true);
    const beyond = await call(env.url, '/bigin/v2/Contacts?page=9', { token });
    expect(beyond.status).toBe(204);
    const tooMany = await call(env.url, '/bigin/v2/Contacts?per_page=500', { token });
    expect(tooMany.status).toBe(400);
  });

  it('lists Accounts (Companies)', async () => {
    const res = await call(env.url, '/bigin/v2/Accounts', { token });
    expect(res.body.data.map((a: { Account_Name: string }) => a.Account_Name)).toContain('Oakridge Builders');
  });

  it('searches by criteria and by email=', async () => {
    let res = await call(env.url, `/bigin/v2/Contacts/search?criteria=${encodeURIComponent('(Email:equals:Chloe.N@oakridge.example)')}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { Last_Name: string }) => r.Last_Name)).toEqual(['Nakamura']);
    expect(res.body.info.count).toBe(1);
    res = await call(env.url, '/bigin/v2/Contacts/search?email=wen.li@tidewater.example', { token });
    expect(res.body.data[0].Full_Name).toBe('Wen Li');
    res = await call(
      env.url,
      `/bigin/v2/Contacts/search?criteria=${encodeURIComponent('((Account_Name:equals:Oakridge Builders)and(Last_Name:starts_with:b))')}`,
      { token },
    );
    expect(res.body.data.map((r: { Full_Name: string }) => r.Full_Name)).toEqual(['Olivia Brown']);
  });

  it('answers 204 for a search with no match and 400 for bad criteria', async () => {
    expect((await call(env.url, '/bigin/v2/Contacts/search?email=nobody@example.com', { token })).status).toBe(204);
    const bad = await call(env.url, '/bigin/v2/Contacts/search?criteria=Email=x', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_QUERY');
    const missing = await call(env.url, '/bigin/v2/Contacts/search', { token });
    expect(missing.body.code).toBe('REQUIRED_PARAM_MISSING');
  });

  it('updates with PUT /Contacts/{id}, maintaining Modified_Time', async () => {
    const id = (await contacts())[3]!.id as string;
    const before = (await call(env.url, `/bigin/v2/Contacts/${id}`, { token })).body.data[0];
    const res = await call(
      env.url,
      `/bigin/v2/Contacts/${id}`,
      jsonInit('PUT', { data: [{ Email: 'dev.patel@mossystone.example', Phone: '' }] }, token),
    );
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({ code: 'SUCCESS', status: 'success', message: 'record updated', details: { id } });
    const after = (await call(env.url, `/bigin/v2/Contacts/${id}`, { token })).body.data[0];
    expect(after.Email).toBe('dev.patel@mossystone.example');
    expect(after.Phone).toBeNull();
    expect(after.Created_Time).toBe(before.Created_Time);
    expect(after.Modified_Time).not.toBe(before.Modified_Time);
  });

  it('updates several records with PUT /Contacts and reports per record', async () => {
    const [a, b] = await contacts();
    const res = await call(
      env.url,
      '/bigin/v2/Contacts',
      jsonInit(
        'PUT',
        {
          data: [
            { id: a!.id, Title: 'Owner' },
            { id: '6421000000009999999', Title: 'x' },
            { id: b!.id, Email: 'not-an-email' },
          ],
        },
        token,
      ),
    );
    expect(res.status).toBe(202);
    expect(res.body.data.map((r: { code: string }) => r.code)).toEqual(['SUCCESS', 'INVALID_DATA', 'INVALID_DATA']);
    expect(res.body.data[2].details).toMatchObject({ api_name: 'Email', json_path: '$.data[2].Email' });
  });

  it('inserts with {data:[...]} (201), requiring Last_Name', async () => {
    const res = await call(
      env.url,
      '/bigin/v2/Contacts',
      jsonInit('POST', { data: [{ First_Name: 'Zed', Last_Name: 'Moss', Email: 'zed@example.com' }] }, token),
    );
    expect(res.status).toBe(201);
    expect(res.body.data[0]).toMatchObject({ code: 'SUCCESS', message: 'record added', details: { id: expect.stringMatching(/^\d{19}$/) } });
    const created = await call(env.url, `/bigin/v2/Contacts/${res.body.data[0].details.id}`, { token });
    expect(created.body.data[0].Full_Name).toBe('Zed Moss');
    const missing = await call(env.url, '/bigin/v2/Contacts', jsonInit('POST', { data: [{ First_Name: 'No' }] }, token));
    expect(missing.status).toBe(400);
    expect(missing.body.data[0]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' }, status: 'error' });
  });

  it('records create and edit events', async () => {
    const before = (await call(env.url, '/_sandbox/events')).body as unknown[];
    expect(before).toEqual([]);
    await call(env.url, '/bigin/v2/Contacts', jsonInit('POST', { data: [{ Last_Name: 'Evented' }] }, token));
    const events = (await call(env.url, '/_sandbox/events')).body as { event: string; ids: string[] }[];
    expect(events.map((e) => e.event)).toEqual(['Contacts.create']);
  });

  it('serves the org with ZohoBigin.org.READ', async () => {
    const res = await call(env.url, '/bigin/v2/org', { token });
    expect(res.body.org[0].company_name).toContain('Greenleaf');
  });
});

describe('Bigin auth', () => {
  it('answers OAUTH_SCOPE_MISMATCH when the scope does not cover the operation', async () => {
    const readOnly = (await getTokens(env.url, ['ZohoBigin.modules.contacts.READ'])).access_token;
    const id = (await contacts())[0]!.id;
    expect((await call(env.url, `/bigin/v2/Contacts/${id}`, { token: readOnly })).status).toBe(200);
    const write = await call(env.url, `/bigin/v2/Contacts/${id}`, jsonInit('PUT', { data: [{ Title: 'x' }] }, readOnly));
    expect(write.status).toBe(401);
    expect(write.body).toEqual({ code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'invalid oauth scope to access this URL', status: 'error' });
    expect((await call(env.url, '/bigin/v2/Accounts', { token: readOnly })).body.code).toBe('OAUTH_SCOPE_MISMATCH');
    const books = (await getTokens(env.url, ['ZohoBooks.fullaccess.all'])).access_token;
    expect((await call(env.url, `/bigin/v2/Contacts/${id}`, { token: books })).body.code).toBe('OAUTH_SCOPE_MISMATCH');
  });

  it('answers INVALID_TOKEN for unknown tokens and AUTHENTICATION_FAILURE without a header', async () => {
    const bad = await call(env.url, '/bigin/v2/Contacts', { token: '1000.x.y' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('INVALID_TOKEN');
    expect((await call(env.url, '/bigin/v2/Contacts')).body.code).toBe('AUTHENTICATION_FAILURE');
  });

  it('answers unknown modules and paths in the CRM envelope', async () => {
    expect((await call(env.url, '/bigin/v2/Widgets', { token })).body.code).toBe('INVALID_MODULE');
    expect((await call(env.url, '/bigin/v2/Contacts/1/2/3', { token })).body.code).toBe('INVALID_URL_PATTERN');
  });
});
