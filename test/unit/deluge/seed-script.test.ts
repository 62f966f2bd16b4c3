import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BOOKS_DEFAULT_ORGANIZATION_NOTE, parseDeluge, runDeluge } from '../../../src/engine/deluge/index.ts';
import { FakeZoho, JANE, triggerRecord } from './fake-zoho.ts';

// The article's script is Zoho's, not ours: it is read from the shared reference folder, never copied.
const seedPath = fileURLToPath(new URL('../../../../shared/reference/seed-sync-contact.dg', import.meta.url));
const present = existsSync(seedPath);
const seed = present ? readFileSync(seedPath, 'utf8') : '';
const withOrg = (org: string) => seed.replaceAll('XXXXXXX', org);

describe.skipIf(!present)(`the article's script (seed-sync-contact.dg${present ? '' : ' not found: skipped'})`, () => {
  it('parses without diagnostics', () => {
    expect(parseDeluge(seed).errors).toEqual([]);
  });

  it('creates the Books contact on the first run and updates it on the second', async () => {
    const host = new FakeZoho({ bigin: { [JANE.id]: JANE } });
    const first = await runDeluge(withOrg(host.org), { host, args: { contact: triggerRecord(JANE) } });
    expect(first).toMatchObject({ ok: true });
    expect(host.requests.map((r) => `${r.method} ${r.url} [${String(r.connection)}]`)).toEqual([
      `GET https://www.zohoapis.com/bigin/v2/Contacts/${JANE.id} []`,
      'GET https://books.zoho.com/api/v3/contacts?search_text=jane%40example.com []',
      `POST https://books.zoho.com/api/v3/contacts?organization_id=${host.org} []`,
    ]);
    expect(host.books).toHaveLength(1);
    expect(host.books[0]).toMatchObject({
      contact_name: 'Jane Doe',
      email: 'jane@example.com',
      contact_persons: [{ last_name: 'Jane Doe', is_primary_contact: true }],
    });
    expect(host.infos.map((i) => i.line)).toEqual([20, 84]);
    expect(host.infos[1]?.text).toMatch(/^Created Contact: \{"code":0,"message":"The contact has been created","contact":\{"contact_id":"\d+"/);

    JANE.Phone = '+1-555-0199';
    host.bigin[JANE.id] = { ...JANE };
    host.infos.length = 0;
    const second = await runDeluge(withOrg(host.org), { host, args: { contact: triggerRecord(JANE) } });
    expect(second).toMatchObject({ ok: true });
    const put = host.requests.at(-1);
    expect(put).toMatchObject({
      method: 'PUT',
      url: `https://books.zoho.com/api/v3/contacts/${host.books[0]?.contact_id}?organization_id=${host.org}`,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(JSON.parse(new URLSearchParams(put?.body).get('JSONString') ?? '')).toEqual({
      contact_name: 'Jane Doe',
      phone: '+1-555-0199',
      mobile: '+1-555-0101',
      email: 'jane@example.com',
      contact_persons: [{ last_name: 'Jane Doe', mobile: '+1-555-0101', phone: '+1-555-0199', email: 'jane@example.com', is_primary_contact: true }],
    });
    expect(host.infos.map((i) => i.line)).toEqual([20, 45, 53]);
    expect(host.infos[2]?.text).toMatch(/^Updated Contact: \{"code":0,"message":"Contact has been updated successfully"/);
    expect(host.books[0]?.phone).toBe('+1-555-0199');
  });

  it("left with the XXXXXXX placeholder, Books' own error is shown", async () => {
    const host = new FakeZoho({ bigin: { [JANE.id]: JANE } });
    const r = await runDeluge(seed, { host, args: { contact: triggerRecord(JANE) } });
    expect(r).toMatchObject({ ok: true });
    expect(host.books).toHaveLength(0);
    expect(host.infos.at(-1)?.text).toBe(
      'Created Contact: {"code":6041,"message":"This user is not associated with the CompanyID/CompanyName:XXXXXXX."}',
    );
    expect(host.notices).toEqual([
      { line: 13, level: 'notice', text: `invokeurl: ${BOOKS_DEFAULT_ORGANIZATION_NOTE}` },
      {
        line: 77,
        level: 'warning',
        text: 'HTTP 400 from POST https://books.zoho.com/api/v3/contacts: 6041 This user is not associated with the CompanyID/CompanyName:XXXXXXX.',
      },
    ]);
  });

  it('a Bigin contact that does not exist fails at the line that reads it', async () => {
    const host = new FakeZoho();
    const r = await runDeluge(withOrg(host.org), { host, args: { contact: { 'Contacts.ID': '1' } } });
    expect(r).toMatchObject({ ok: false, error: { code: 'DELUGE_RUNTIME', line: 5, message: '`biginData` is null: cannot call get(0) at line 5' } });
  });
});
