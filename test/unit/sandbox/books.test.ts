import { beforeAll, describe, expect, it } from 'vitest';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { BOOKS_ORG, call, control, jsonInit, useSandbox } from './helpers.ts';

const env = useSandbox();
let token = '';
const q = `organization_id=${BOOKS_ORG}`;

beforeAll(async () => {
  token = (await getTokens(env.url, ['ZohoBooks.fullaccess.all'])).access_token;
});

const form = (fields: Record<string, string>, method = 'POST') => ({
  method,
  token,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

const newContact = (name: string, email: string) => ({
  contact_name: name,
  email,
  contact_persons: [{ last_name: name, email, phone: '+1 555 0199', is_primary_contact: true }],
});

describe('Books contacts', () => {
  it('lists organizations', async () => {
    const res = await call(env.url, '/books/v3/organizations', { token });
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(0);
    expect(res.body.organizations[0].organization_id).toBe(BOOKS_ORG);
  });

  it('creates a contact from a JSON body (201, code 0, numeric string ids)', async () => {
    const res = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', newContact('Nora Quill', 'nora@example.net'), token));
    expect(res.status).toBe(201);
    expect(res.body.code).toBe(0);
    expect(res.body.message).toBe('The contact has been created');
    expect(res.body.contact.contact_id).toMatch(/^\d+$/);
    expect(res.body.contact.email).toBe('nora@example.net');
    expect(res.body.contact.contact_persons[0]).toMatchObject({
      email: 'nora@example.net',
      is_primary_contact: true,
      contact_person_id: expect.stringMatching(/^\d+$/),
    });
    expect(res.body.contact.primary_contact_id).toBe(res.body.contact.contact_persons[0].contact_person_id);
    const got = await call(env.url, `/books/v3/contacts/${res.body.contact.contact_id}?${q}`, { token });
    expect(got.body.contact.contact_name).toBe('Nora Quill');
  });

  it('creates a contact from the JSONString form field (urlencoded, legacy /api/v3)', async () => {
    const res = await call(env.url, `/api/v3/contacts?${q}`, form({ JSONString: JSON.stringify(newContact('Omar Reyes', 'omar@example.net')) }));
    expect(res.status).toBe(201);
    expect(res.body.contact.contact_name).toBe('Omar Reyes');
  });

  it('creates a contact from JSONString in multipart form data', async () => {
    const body = new FormData();
    body.set('JSONString', JSON.stringify(newContact('Pia Sund', 'pia@example.net')));
    const res = await call(env.url, `/books/v3/contacts?${q}`, { method: 'POST', token, body });
    expect(res.status).toBe(201);
    expect(res.body.contact.email).toBe('pia@example.net');
  });

  it('rejects malformed JSONString and a missing contact_name', async () => {
    let res = await call(env.url, `/books/v3/contacts?${q}`, form({ JSONString: '{contact_name:' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 4, message: expect.stringContaining('JSONString') });
    res = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { company_name: 'No Name Ltd' }, token));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('contact_name is required');
  });

  it('answers a duplicate name with HTTP 400 code 3062', async () => {
    const res = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'amelia hart' }, token));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3062);
    expect(res.body.message).toBe('The customer "amelia hart" already exists. Please specify a different name.');
  });

  it('searches by contact-person email (email=), exact', async () => {
    const res = await call(env.url, `/books/v3/contacts?${q}&email=olivia.brown@oakridge.example`, { token });
    expect(res.body.contacts.map((c: { contact_name: string }) => c.contact_name)).toEqual(['Oakridge Builders']);
    const none = await call(env.url, `/books/v3/contacts?${q}&email=olivia`, { token });
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ code: 0, contacts: [] });
    const starts = await call(env.url, `/books/v3/contacts?${q}&email_startswith=olivia`, { token });
    expect(starts.body.contacts).toHaveLength(1);
  });

  it('search_text matches email by default and only name/notes when strict', async () => {
    const lenient = await call(env.url, `/books/v3/contacts?${q}&search_text=maya.goldberg@example.com`, { token });
    expect(lenient.body.contacts.map((c: { contact_name: string }) => c.contact_name)).toEqual(['Maya Goldberg']);
    await control(env.url, '/_sandbox/settings', { booksSearchStrict: true });
    const strict = await call(env.url, `/books/v3/contacts?${q}&search_text=maya.goldberg@example.com`, { token });
    expect(strict.body.contacts).toEqual([]);
    const notes = await call(env.url, `/books/v3/contacts?${q}&search_text=wen.li@tidewater.example`, { token });
    expect(notes.body.contacts.map((c: { contact_name: string }) => c.contact_name)).toEqual(['Harbour Hardware']);
  });

  it('filters contact_name exactly, by prefix and by substring; pages with page_context', async () => {
    const exact = await call(env.url, `/books/v3/contacts?${q}&contact_name=Tara%20Nguyen`, { token });
    expect(exact.body.contacts).toHaveLength(1);
    const starts = await call(env.url, `/books/v3/contacts?${q}&contact_name_startswith=sun`, { token });
    expect(starts.body.contacts[0].contact_name).toBe('Sunrise Florists');
    const contains = await call(env.url, `/books/v3/contacts?${q}&contact_name_contains=HAR`, { token });
    expect(contains.body.contacts.map((c: { contact_name: string }) => c.contact_name)).toEqual(['Amelia Hart', 'Harbour Hardware']);
    const page = await call(env.url, `/books/v3/contacts?${q}&per_page=3&page=2`, { token });
    expect(page.body.contacts).toHaveLength(3);
    expect(page.body.page_context).toMatchObject({ page: 2, per_page: 3, has_more_page: true, sort_column: 'contact_name' });
    const tooMany = await call(env.url, `/books/v3/contacts?${q}&per_page=201`, { token });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('per_page');
  });

  it('updates with PUT, replacing contact_persons (JSONString as Deluge sends it)', async () => {
    const found = await call(env.url, `/books/v3/contacts?${q}&contact_name=Oakridge%20Builders`, { token });
    const id = found.body.contacts[0].contact_id as string;
    const before = await call(env.url, `/books/v3/contacts/${id}?${q}`, { token });
    expect(before.body.contact.contact_persons).toHaveLength(2);
    const update = {
      contact_name: 'Oakridge Builders Ltd',
      contact_persons: [{ last_name: 'Brown', email: 'olivia@oakridge.example', is_primary_contact: true }],
    };
    const res = await call(env.url, `/api/v3/contacts/${id}?${q}`, form({ JSONString: JSON.stringify(update) }, 'PUT'));
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Contact has been updated successfully');
    expect(res.body.contact.contact_name).toBe('Oakridge Builders Ltd');
    expect(res.body.contact.contact_persons).toHaveLength(1);
    expect(res.body.contact.email).toBe('olivia@oakridge.example');
    expect(res.body.contact.company_name).toBe('Oakridge Builders');
    expect(res.body.contact.last_modified_time).not.toBe(before.body.contact.last_modified_time);
  });

  it('keeps a contact person that PUT sends back with its contact_person_id', async () => {
    const created = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', newContact('Rita Vale', 'rita@example.net'), token));
    const person = created.body.contact.contact_persons[0];
    const id = created.body.contact.contact_id;
    const res = await call(
      env.url,
      `/books/v3/contacts/${id}?${q}`,
      jsonInit('PUT', { contact_name: 'Rita Vale', contact_persons: [{ contact_person_id: person.contact_person_id, phone: '+1 555 0777' }] }, token),
    );
    expect(res.body.contact.contact_persons).toEqual([{ ...person, phone: '+1 555 0777' }]);
  });

  it('answers 3062 when an update renames onto another contact', async () => {
    const found = await call(env.url, `/books/v3/contacts?${q}&contact_name=Tara%20Nguyen`, { token });
    const res = await call(
      env.url,
      `/books/v3/contacts/${found.body.contacts[0].contact_id}?${q}`,
      jsonInit('PUT', { contact_name: 'Maya Goldberg' }, token),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3062);
  });

  it('answers an unknown id with 404 code 1002 on get, update and delete', async () => {
    for (const init of [{ token }, jsonInit('PUT', { contact_name: 'X' }, token), { method: 'DELETE', token }]) {
      const res = await call(env.url, `/books/v3/contacts/4600000000999999?${q}`, init);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 1002, message: 'Contact does not exist.' });
    }
  });

  it('deletes a contact', async () => {
    const created = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'Short Lived' }, token));
    const id = created.body.contact.contact_id;
    const res = await call(env.url, `/books/v3/contacts/${id}?${q}`, { method: 'DELETE', token });
    expect(res.body).toEqual({ code: 0, message: 'The contact has been deleted.' });
    expect((await call(env.url, `/books/v3/contacts/${id}?${q}`, { token })).status).toBe(404);
  });

  it('answers a request without organization_id for the default organization, as the Bigin article shows Books doing', async () => {
    const res = await call(env.url, '/books/v3/contacts', { token });
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(0);
    const legacy = await call(env.url, '/api/v3/contacts', { token });
    expect(legacy.status).toBe(200);
  });

  it('with booksDefaultOrganization off, requires organization_id; accepts it in the X-com-zoho-books-organizationid header', async () => {
    await control(env.url, '/_sandbox/settings', { booksDefaultOrganization: false });
    const missing = await call(env.url, '/books/v3/contacts', { token });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('organization_id is required');
    const header = await call(env.url, '/books/v3/contacts', { token, headers: { 'X-com-zoho-books-organizationid': BOOKS_ORG } });
    expect(header.status).toBe(200);
    const unknown = await call(env.url, '/books/v3/contacts?organization_id=999', { token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe(6041);
  });

  it('answers 429 code 45 after the per-minute limit, and recovers after the window', async () => {
    await control(env.url, '/_sandbox/settings', { booksRateLimit: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await call(env.url, `/books/v3/contacts?${q}`, { token })).status).toBe(200);
    const limited = await call(env.url, `/books/v3/contacts?${q}`, { token });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ code: 45, message: 'Request limit exceeded' });
    await control(env.url, '/_sandbox/clock/advance', { ms: 60_001 });
    expect((await call(env.url, `/books/v3/contacts?${q}`, { token })).status).toBe(200);
  });

  it('answers 429 code 45 after the daily quota', async () => {
    await control(env.url, '/_sandbox/settings', { booksDailyLimit: 2 });
    await call(env.url, `/books/v3/contacts?${q}`, { token });
    await call(env.url, `/books/v3/contacts?${q}`, { token });
    const limited = await call(env.url, `/books/v3/contacts?${q}`, { token });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(45);
    expect(limited.body.message).toContain('per day');
  });

  it('does not rate-limit when the switch is off', async () => {
    await control(env.url, '/_sandbox/settings', { booksRateLimitEnabled: false, booksRateLimit: { limit: 1, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) expect((await call(env.url, `/books/v3/contacts?${q}`, { token })).status).toBe(200);
  });
});

describe('Books auth', () => {
  it('answers 401 code 57 when the token lacks the scope', async () => {
    const readOnly = (await getTokens(env.url, ['ZohoBooks.contacts.READ'])).access_token;
    expect((await call(env.url, `/books/v3/contacts?${q}`, { token: readOnly })).status).toBe(200);
    const create = await call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', { contact_name: 'Nope' }, readOnly));
    expect(create.status).toBe(401);
    expect(create.body).toEqual({ code: 57, message: 'You are not authorized to perform this operation' });
    const orgs = await call(env.url, '/books/v3/organizations', { token: readOnly });
    expect(orgs.body.code).toBe(57);
    const bigin = (await getTokens(env.url, ['ZohoBigin.modules.ALL'])).access_token;
    expect((await call(env.url, `/books/v3/contacts?${q}`, { token: bigin })).body.code).toBe(57);
  });

  it('answers 401 code 57 for an unknown token and 14 for a missing header', async () => {
    const bad = await call(env.url, `/books/v3/contacts?${q}`, { token: '1000.abc.def' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe(57);
    const none = await call(env.url, `/books/v3/contacts?${q}`);
    expect(none.status).toBe(401);
    expect(none.body.code).toBe(14);
  });

  it('accepts the Bearer scheme but not a token in the query string', async () => {
    expect((await call(env.url, `/books/v3/contacts?${q}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await call(env.url, `/books/v3/contacts?${q}&access_token=${token}`)).status).toBe(401);
  });

  it('answers unknown Books paths with code 5', async () => {
    const res = await call(env.url, '/books/v3/nothing-here', { token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(5);
  });
});

describe('Books contact persons', () => {
  const create = (body: Record<string, unknown>) => call(env.url, `/books/v3/contacts?${q}`, jsonInit('POST', body, token));
  const update = (id: string, body: Record<string, unknown>) => call(env.url, `/books/v3/contacts/${id}?${q}`, jsonInit('PUT', body, token));
  type Person = { contact_person_id: string; email: string; is_primary_contact: boolean };

  it('accepts additional persons with is_primary_contact false, one primary per contact', async () => {
    const res = await create({
      contact_name: 'Two People',
      contact_persons: [
        { last_name: 'Main', email: 'main@two.example', is_primary_contact: true },
        { last_name: 'Other', email: 'other@two.example', is_primary_contact: false },
      ],
    });
    expect(res.status).toBe(201);
    const persons = res.body.contact.contact_persons as Person[];
    expect(persons.map((p) => [p.email, p.is_primary_contact])).toEqual([
      ['main@two.example', true],
      ['other@two.example', false],
    ]);
    expect(res.body.contact.primary_contact_id).toBe(persons[0]!.contact_person_id);
    expect(res.body.contact.email).toBe('main@two.example');
    const allFalse = await create({
      contact_name: 'No Primary Named',
      contact_persons: [{ email: 'a@np.example', is_primary_contact: 'false' }, { email: 'b@np.example' }],
    });
    expect((allFalse.body.contact.contact_persons as Person[]).map((p) => p.is_primary_contact)).toEqual([true, false]);
  });

  it('refuses two primary persons and a primary flag that is not a boolean', async () => {
    const two = await create({
      contact_name: 'Two Primaries',
      contact_persons: [
        { email: 'a@tp.example', is_primary_contact: true },
        { email: 'b@tp.example', is_primary_contact: true },
      ],
    });
    expect(two.status).toBe(400);
    expect(two.body).toEqual({ code: 4, message: 'Invalid value passed for is_primary_contact: only one contact person can be primary' });
    const odd = await create({ contact_name: 'Odd Flag', contact_persons: [{ email: 'a@of.example', is_primary_contact: 'yes' }] });
    expect(odd.body).toEqual({ code: 4, message: 'Invalid value passed for is_primary_contact: expected true or false' });
  });

  it('on update, a person sent without contact_person_id is a new person and the unsent ones are deleted', async () => {
    const created = await create({
      contact_name: 'Resent',
      contact_persons: [{ last_name: 'Same', email: 'same@resent.example', is_primary_contact: true }, { email: 'gone@resent.example' }],
    });
    const [first] = created.body.contact.contact_persons as Person[];
    const res = await update(created.body.contact.contact_id, {
      contact_name: 'Resent',
      contact_persons: [{ last_name: 'Same', email: 'same@resent.example' }],
    });
    const persons = res.body.contact.contact_persons as Person[];
    expect(persons).toHaveLength(1);
    expect(persons[0]!.email).toBe('same@resent.example');
    expect(persons[0]!.contact_person_id).not.toBe(first!.contact_person_id);
    expect(persons[0]!.is_primary_contact).toBe(true);
    expect(res.body.contact.primary_contact_id).toBe(persons[0]!.contact_person_id);
  });

  it('keeps the primary person primary unless the update names another one', async () => {
    const created = await create({ contact_name: 'Kept Primary', contact_persons: [{ email: 'first@kp.example' }, { email: 'second@kp.example' }] });
    const [first, second] = created.body.contact.contact_persons as Person[];
    const reordered = await update(created.body.contact.contact_id, {
      contact_name: 'Kept Primary',
      contact_persons: [
        { contact_person_id: second!.contact_person_id },
        { contact_person_id: first!.contact_person_id },
        { email: 'third@kp.example', is_primary_contact: false },
      ],
    });
    expect(reordered.body.contact.primary_contact_id).toBe(first!.contact_person_id);
    const switched = await update(created.body.contact.contact_id, {
      contact_name: 'Kept Primary',
      contact_persons: [{ contact_person_id: first!.contact_person_id }, { contact_person_id: second!.contact_person_id, is_primary_contact: true }],
    });
    expect((switched.body.contact.contact_persons as Person[]).map((p) => p.is_primary_contact)).toEqual([false, true]);
    expect(switched.body.contact.primary_contact_id).toBe(second!.contact_person_id);
  });
});
