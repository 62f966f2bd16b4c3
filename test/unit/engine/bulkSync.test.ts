import { describe, expect, it } from 'vitest';
import { createConnectionClient } from '../../../src/engine/http/client.ts';
import {
  retryBulkFailures,
  runBulkSync,
  startProgress,
  type BulkProgress,
  type ContactMemory,
  type RememberedContact,
} from '../../../src/engine/functions/bulkSync.ts';
import { MemoryLog, ORG, VirtualClock, ZohoFake, json } from './fakes.ts';

const target = { biginLink: 'bigin_conn', booksLink: 'books_conn', organizationId: ORG };

/** Bigin's contact list sorted by id, 200 a page at most, as the bulk sync reads it. */
function withBiginList(zoho: ZohoFake): ZohoFake {
  zoho.http.on('GET', /^\/bigin\/v2\/Contacts$/, (_req, url) => {
    const all = [...zoho.bigin.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const page = Number(url.searchParams.get('page'));
    const perPage = Number(url.searchParams.get('per_page'));
    const slice = all.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) return json(204, undefined);
    return json(200, { data: slice, info: { page, per_page: perPage, count: slice.length, more_records: page * perPage < all.length } });
  });
  return zoho;
}

function contact(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = String(i).padStart(5, '0');
  return { id: `41508680000${n}`, First_Name: 'Jane', Last_Name: `Doe ${n}`, Email: `jane.${n}@example.com`, Phone: `+1-555-${n}`, ...overrides };
}

function memory(): ContactMemory & { rows: Map<string, RememberedContact> } {
  const rows = new Map<string, RememberedContact>();
  return { rows, get: async (id) => rows.get(id), put: async (id, value) => void rows.set(id, value) };
}

function deps(zoho: ZohoFake, mem: ContactMemory, signal = new AbortController().signal, saves: BulkProgress[] = []) {
  const client = createConnectionClient({ port: zoho.http, clock: new VirtualClock(), log: new MemoryLog(), dryRun: false });
  return {
    client,
    signal,
    memory: mem,
    eligible: (record: Record<string, unknown>) => typeof record.Email === 'string' && record.Email !== '',
    save: async (progress: BulkProgress) => void saves.push(structuredClone(progress)),
  };
}

const booksCalls = (zoho: ZohoFake) => zoho.http.sent.filter((s) => new URL(s.url).pathname.startsWith('/books/')).length;

/** What the sync writes for a contact, as Books would hold it after a create. */
function seedBooks(zoho: ZohoFake, record: Record<string, unknown>, phone = String(record.Phone)): void {
  zoho.books.push({
    contact_id: `9${String(record.id)}`,
    contact_name: `${String(record.First_Name)} ${String(record.Last_Name)}`,
    last_modified_time: '2026-01-01T00:00:00+0000',
    contact_persons: [
      {
        contact_person_id: `8${String(record.id)}`,
        email: String(record.Email),
        first_name: String(record.First_Name),
        last_name: String(record.Last_Name),
        phone,
        is_primary_contact: true,
      },
      { contact_person_id: `7${String(record.id)}`, email: 'accounts@example.com', first_name: 'Accounts', is_primary_contact: false },
    ],
  });
}

describe('bulk sync to Books (backfill)', () => {
  it('reads Books once into an email index and sends only the writes that change something', async () => {
    const zoho = withBiginList(new ZohoFake());
    for (let i = 0; i < 450; i += 1) zoho.addBiginContact(contact(i, i >= 440 ? { Email: '' } : {}));
    for (let i = 0; i < 45; i += 1) seedBooks(zoho, contact(i));
    for (let i = 45; i < 50; i += 1) seedBooks(zoho, contact(i), '+1-555-OLD');
    const mem = memory();
    const progress = await runBulkSync(target, startProgress(), deps(zoho, mem));
    expect(progress.counts).toEqual({ checked: 450, created: 390, updated: 5, unchanged: 45, skipped: 10, failed: 0 });
    expect(zoho.books).toHaveLength(440);
    // 1 list page + 390 creates + 5 × (read persons + update).
    expect(booksCalls(zoho)).toBe(401);
    // An update keeps the second person of the contact.
    const updated = zoho.books.find((c) => c.contact_id === `9${String(contact(45).id)}`);
    expect(updated?.contact_persons.map((p) => p.email)).toEqual([String(contact(45).Email), 'accounts@example.com']);
    expect(updated?.contact_persons[0]?.phone).toBe(String(contact(45).Phone));
  });

  it('updates a contact it wrote itself in one call when Books has not changed it since', async () => {
    const zoho = withBiginList(new ZohoFake());
    for (let i = 0; i < 100; i += 1) zoho.addBiginContact(contact(i));
    const mem = memory();
    await runBulkSync(target, startProgress(), deps(zoho, mem));
    for (let i = 0; i < 5; i += 1) zoho.addBiginContact(contact(i, { Phone: '+1-555-CHANGED' }));
    const before = booksCalls(zoho);
    const again = await runBulkSync(target, startProgress(), deps(zoho, mem));
    expect(again.counts).toMatchObject({ checked: 100, created: 0, updated: 5, unchanged: 95 });
    expect(booksCalls(zoho) - before).toBe(1 + 5);
    expect(zoho.books.filter((c) => c.contact_persons[0]?.phone === '+1-555-CHANGED')).toHaveLength(5);
  });

  it('resumes from the page it saved, creating nothing twice', async () => {
    const zoho = withBiginList(new ZohoFake());
    for (let i = 0; i < 450; i += 1) zoho.addBiginContact(contact(i));
    const stop = new AbortController();
    const saves: BulkProgress[] = [];
    const first = deps(zoho, memory(), stop.signal, saves);
    const save = first.save;
    first.save = async (p) => {
      await save(p);
      stop.abort(new Error('paused'));
    };
    await expect(runBulkSync(target, startProgress(), first)).rejects.toThrow();
    expect(saves).toHaveLength(1);
    expect(saves[0]?.cursor).toEqual({ page: 1, pageToken: null, offset: 25 });
    const resumed = await runBulkSync(target, saves[0]!, deps(zoho, memory()));
    expect(resumed.done).toBe(true);
    expect(resumed.counts).toMatchObject({ checked: 450, created: 450 });
    expect(zoho.books).toHaveLength(450);
  });

  it('lists a refused write with Books reason, and Retry failed syncs it once fixed', async () => {
    const zoho = withBiginList(new ZohoFake());
    for (let i = 0; i < 3; i += 1) zoho.addBiginContact(contact(i));
    zoho.writeFaults.push('ok', { status: 400, body: { code: 1001, message: 'Contact name is too long.' } });
    const mem = memory();
    const progress = await runBulkSync(target, startProgress(), { ...deps(zoho, mem), concurrency: 1 });
    expect(progress.counts).toMatchObject({ checked: 3, created: 2, failed: 1 });
    expect(progress.failures).toEqual([
      {
        recordId: String(contact(1).id),
        name: `Jane Doe 00001`,
        email: String(contact(1).Email),
        reason: expect.stringContaining('Contact name is too long. (Books code 1001, HTTP 400)'),
      },
    ]);
    const retried = await retryBulkFailures(target, progress, deps(zoho, mem));
    expect(retried.counts).toMatchObject({ checked: 3, created: 3, failed: 0 });
    expect(retried.failures).toEqual([]);
    expect(zoho.books).toHaveLength(3);
  });
});
