/**
 * "Sync contact to Zoho Books" for many contacts at once (a backfill). Instead of a search per
 * contact, Books' contacts are read once, 200 a page, into an email index; Bigin's contacts are read
 * 200 a page; only the writes that change something are sent. A contact the sync itself wrote, and
 * that nobody changed since (same `last_modified_time`), is updated from the persons it remembers,
 * so an update costs one call instead of a read and a write.
 */
import { z } from 'zod';
import { AppError, toErrorInfo } from '../../domain/index.ts';
import type { ConnectionClient } from '../http/client.ts';
import { responseJson } from '../json.ts';
import { BIGIN_API, PAGE_SIZE, listFields } from '../live/poll.ts';
import type { HttpResult } from '../ports.ts';
import {
  BOOKS_CONTACTS_URL,
  BOOKS_DUPLICATE_NAME,
  booksCode,
  booksContactPayload,
  booksFailure,
  existingPersons,
  fullContact,
  ok,
  type BooksPerson,
} from './booksContacts.ts';

export interface BulkCounts {
  checked: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The workflow's conditions left them out (e.g. no email). */
  skipped: number;
  failed: number;
}

export interface BulkFailure {
  recordId: string;
  name: string;
  email: string;
  reason: string;
}

export interface BulkProgress {
  counts: BulkCounts;
  failures: BulkFailure[];
  /**
   * Where the read of Bigin's contacts goes on after a pause or a reload: the page, and how many of
   * its records are done (pages are read by id, so a page keeps its order).
   */
  cursor: { page: number; pageToken: string | null; offset: number };
  /** Books writes sent so far (for the time estimate). */
  writes: number;
  done: boolean;
}

/** Contacts between two saves of the progress. */
const SAVE_EVERY = 25;

export const EMPTY_COUNTS: BulkCounts = { checked: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };

export function startProgress(): BulkProgress {
  return { counts: { ...EMPTY_COUNTS }, failures: [], cursor: { page: 1, pageToken: null, offset: 0 }, writes: 0, done: false };
}

/** What the sync remembers of a Books contact it wrote: enough to update it again in one call. */
export interface RememberedContact {
  lastModifiedTime: string;
  persons: BooksPerson[];
}

export interface ContactMemory {
  get(contactId: string): Promise<RememberedContact | undefined>;
  put(contactId: string, remembered: RememberedContact): Promise<void>;
}

export interface BulkSyncTarget {
  biginLink: string;
  booksLink: string;
  organizationId: string;
}

export interface BulkSyncDeps {
  client: ConnectionClient;
  signal: AbortSignal;
  memory: ContactMemory;
  /** Whether the workflow's conditions let this record through (e.g. "Email is not empty"). */
  eligible(record: Record<string, unknown>): boolean;
  /** Called after every few contacts, with the progress to resume from. */
  save(progress: BulkProgress): Promise<void>;
  /** Writes in flight at once; the rate limiter and the per-origin slots pace them. */
  concurrency?: number;
}

const Text = z
  .unknown()
  .transform((v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''))
  .optional();
const IndexRow = z.object({
  contact_id: z.union([z.string().min(1), z.number()]).transform(String),
  contact_name: Text,
  email: Text,
  phone: Text,
  mobile: Text,
  first_name: Text,
  last_name: Text,
  last_modified_time: Text,
});
type IndexRow = z.infer<typeof IndexRow>;
const BooksPage = z.object({
  code: z.literal(0),
  contacts: z.array(z.unknown()),
  page_context: z.object({ has_more_page: z.boolean().optional() }).optional(),
});
const Saved = z.object({
  code: z.literal(0),
  contact: z.object({
    contact_id: z.union([z.string(), z.number()]).transform(String),
    last_modified_time: Text,
    contact_persons: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});
const BiginPage = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  info: z.object({ more_records: z.boolean().optional(), next_page_token: z.string().nullish() }).optional(),
});

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function json(res: HttpResult): unknown {
  const parsed = responseJson(res);
  return parsed.ok ? parsed.value : undefined;
}

/** Books' contacts by the primary person's email (list rows carry the primary person's fields). */
async function readBooksIndex(target: BulkSyncTarget, deps: BulkSyncDeps): Promise<Map<string, IndexRow>> {
  const index = new Map<string, IndexRow>();
  for (let page = 1; ; page += 1) {
    const res = await deps.client.request(
      {
        linkName: target.booksLink,
        method: 'GET',
        url: BOOKS_CONTACTS_URL,
        query: { organization_id: target.organizationId, page: String(page), per_page: String(PAGE_SIZE) },
      },
      { signal: deps.signal },
    );
    if (!ok(res)) throw booksFailure('list contacts', res);
    const body = BooksPage.safeParse(json(res));
    if (!body.success) throw booksFailure('list contacts', res);
    for (const raw of body.data.contacts) {
      const row = IndexRow.safeParse(raw);
      const email = row.success ? (row.data.email ?? '').toLowerCase() : '';
      if (row.success && email && !index.has(email)) index.set(email, row.data);
    }
    if (!body.data.page_context?.has_more_page || body.data.contacts.length === 0) return index;
  }
}

/** The Books row already says what the sync would write: nothing to send. */
function unchanged(row: IndexRow, payload: Record<string, unknown>): boolean {
  const person = (payload.contact_persons as Record<string, unknown>[])[0] ?? {};
  return (
    row.contact_name === payload.contact_name &&
    (row.first_name ?? '') === text(person.first_name) &&
    (row.last_name ?? '') === text(person.last_name) &&
    (row.phone ?? '') === text(person.phone) &&
    (row.mobile ?? '') === text(person.mobile)
  );
}

function persons(list: Record<string, unknown>[] | undefined): BooksPerson[] {
  return (list ?? []).flatMap((p) => {
    const id = text(p.contact_person_id);
    if (!id) return [];
    const person: BooksPerson = { contact_person_id: id, is_primary_contact: p.is_primary_contact === true || p.is_primary_contact === 'true' };
    for (const key of ['salutation', 'first_name', 'last_name', 'email', 'phone', 'mobile', 'designation', 'department', 'skype'] as const) {
      const value = text(p[key]);
      if (value) person[key] = value;
    }
    return [person];
  });
}

class BulkSync {
  private index = new Map<string, IndexRow>();

  constructor(
    private readonly target: BulkSyncTarget,
    private readonly deps: BulkSyncDeps,
    private readonly progress: BulkProgress,
  ) {}

  async loadIndex(): Promise<void> {
    this.index = await readBooksIndex(this.target, this.deps);
  }

  private write(method: 'POST' | 'PUT', path: string, payload: Record<string, unknown>, email: string): Promise<HttpResult> {
    this.progress.writes += 1;
    const query = { organization_id: this.target.organizationId };
    return this.deps.client.request(
      { linkName: this.target.booksLink, method, url: BOOKS_CONTACTS_URL + path, query, body: { kind: 'json', value: payload } },
      {
        signal: this.deps.signal,
        // A create whose answer was lost is looked up by email before it is ever sent again.
        ...(method === 'POST'
          ? {
              idempotency: async (signal: AbortSignal) => {
                const found = await this.deps.client.request(
                  { linkName: this.target.booksLink, method: 'GET', url: BOOKS_CONTACTS_URL, query: { ...query, email } },
                  { signal },
                );
                const rows = BooksPage.safeParse(json(found));
                return rows.success && rows.data.contacts.length > 0 ? found : null;
              },
            }
          : {}),
      },
    );
  }

  private async remember(res: HttpResult, email: string, payload: Record<string, unknown>): Promise<void> {
    const saved = Saved.safeParse(json(res));
    if (!saved.success) return;
    const contact = saved.data.contact;
    const person = (payload.contact_persons as Record<string, unknown>[])[0] ?? {};
    this.index.set(email, {
      contact_id: contact.contact_id,
      contact_name: text(payload.contact_name),
      email,
      phone: text(person.phone),
      mobile: text(person.mobile),
      first_name: text(person.first_name),
      last_name: text(person.last_name),
      last_modified_time: contact.last_modified_time ?? '',
    });
    if (contact.last_modified_time && contact.contact_persons)
      await this.deps.memory.put(contact.contact_id, { lastModifiedTime: contact.last_modified_time, persons: persons(contact.contact_persons) });
  }

  /** The persons to send back on update: remembered when Books has not changed the contact since. */
  private async currentPersons(row: IndexRow): Promise<BooksPerson[]> {
    const remembered = await this.deps.memory.get(row.contact_id);
    if (remembered && row.last_modified_time && remembered.lastModifiedTime === row.last_modified_time) return remembered.persons;
    const res = await this.deps.client.request(
      {
        linkName: this.target.booksLink,
        method: 'GET',
        url: `${BOOKS_CONTACTS_URL}/${encodeURIComponent(row.contact_id)}`,
        query: { organization_id: this.target.organizationId },
      },
      { signal: this.deps.signal },
    );
    return fullContact(res, `read contact ${row.contact_id}`).contact_persons ?? [];
  }

  async syncOne(record: Record<string, unknown>): Promise<void> {
    const { counts, failures } = this.progress;
    counts.checked += 1;
    if (!this.deps.eligible(record)) {
      counts.skipped += 1;
      return;
    }
    const email = text(record.Email).toLowerCase();
    const payload = booksContactPayload(record);
    try {
      const row = this.index.get(email);
      if (!row) {
        const res = await this.write('POST', '', payload, email);
        if (!ok(res) && booksCode(res) === BOOKS_DUPLICATE_NAME)
          throw new AppError('FUNCTION_FAILED', `Books already has a contact named "${text(payload.contact_name)}" with another email`);
        if (!ok(res)) throw booksFailure('create the contact', res);
        await this.remember(res, email, payload);
        counts.created += 1;
        return;
      }
      if (unchanged(row, payload)) {
        counts.unchanged += 1;
        return;
      }
      const current = { contact_id: row.contact_id, contact_persons: await this.currentPersons(row) };
      const update = booksContactPayload(record, existingPersons(current, email));
      const res = await this.write('PUT', `/${encodeURIComponent(row.contact_id)}`, update, email);
      if (!ok(res)) throw booksFailure(`update contact ${row.contact_id}`, res);
      await this.remember(res, email, update);
      counts.updated += 1;
    } catch (error) {
      if (this.deps.signal.aborted) throw error;
      counts.failed += 1;
      const name = text(record.Full_Name) || [text(record.First_Name), text(record.Last_Name)].filter(Boolean).join(' ');
      failures.push({ recordId: text(record.id), name, email, reason: toErrorInfo(error, 'FUNCTION_FAILED').message });
    }
  }

  /** Runs `syncOne` over a page with a few writes in flight, so the rate limit, not latency, sets the pace. */
  async syncPage(records: Record<string, unknown>[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < records.length && !this.deps.signal.aborted) {
        const record = records[next++]!;
        await this.syncOne(record);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency ?? 6, records.length) }, worker));
  }

  async biginPage(): Promise<{ records: Record<string, unknown>[]; next: BulkProgress['cursor'] | null }> {
    const { page, pageToken } = this.progress.cursor;
    const query: Record<string, string> = { fields: listFields('Contacts').join(','), sort_by: 'id', sort_order: 'asc', per_page: String(PAGE_SIZE) };
    if (pageToken) query.page_token = pageToken;
    else query.page = String(page);
    const res = await this.deps.client.request(
      { linkName: this.target.biginLink, method: 'GET', url: `${BIGIN_API}Contacts`, query },
      { signal: this.deps.signal },
    );
    if (res.status === 204) return { records: [], next: null };
    const body = BiginPage.safeParse(json(res));
    if (!ok(res) || !body.success)
      throw new AppError('FUNCTION_FAILED', `Bigin could not list contacts (HTTP ${res.status})`, { status: res.status });
    const more = body.data.info?.more_records === true && body.data.data.length > 0;
    const token = body.data.info?.next_page_token;
    return { records: body.data.data, next: more ? { page: page + 1, pageToken: token ?? null, offset: 0 } : null };
  }

  async biginRecord(id: string): Promise<Record<string, unknown> | null> {
    const res = await this.deps.client.request(
      { linkName: this.target.biginLink, method: 'GET', url: `${BIGIN_API}Contacts/${encodeURIComponent(id)}` },
      { signal: this.deps.signal },
    );
    const body = BiginPage.safeParse(json(res));
    return ok(res) && body.success ? (body.data.data[0] ?? null) : null;
  }
}

/** Syncs every Bigin contact from `progress.cursor` on; resolves with the final progress. */
export async function runBulkSync(target: BulkSyncTarget, progress: BulkProgress, deps: BulkSyncDeps): Promise<BulkProgress> {
  const sync = new BulkSync(target, deps, progress);
  await sync.loadIndex();
  for (;;) {
    // Paused or cancelled: stop at the page boundary; the saved cursor resumes from here.
    deps.signal.throwIfAborted();
    const { records, next } = await sync.biginPage();
    // Saved every few contacts, so progress shows and a resume repeats little.
    for (let at = progress.cursor.offset; at < records.length; at += SAVE_EVERY) {
      await sync.syncPage(records.slice(at, at + SAVE_EVERY));
      // A part cut short is not saved: resuming does it again, and the index finds what it wrote.
      deps.signal.throwIfAborted();
      progress.cursor = { ...progress.cursor, offset: Math.min(at + SAVE_EVERY, records.length) };
      if (progress.cursor.offset < records.length) await deps.save(progress);
    }
    if (next) progress.cursor = next;
    else progress.done = true;
    await deps.save(progress);
    if (progress.done) return progress;
  }
}

/** Syncs only the contacts that failed before (Retry failed): each read again from Bigin by id. */
export async function retryBulkFailures(target: BulkSyncTarget, progress: BulkProgress, deps: BulkSyncDeps): Promise<BulkProgress> {
  const sync = new BulkSync(target, deps, progress);
  await sync.loadIndex();
  const retry = progress.failures;
  progress.failures = [];
  progress.counts.failed -= retry.length;
  progress.counts.checked -= retry.length;
  const records: Record<string, unknown>[] = [];
  for (const failure of retry) {
    const record = await sync.biginRecord(failure.recordId);
    if (record) records.push(record);
    else {
      progress.counts.checked += 1;
      progress.counts.failed += 1;
      progress.failures.push({ ...failure, reason: `Bigin contact ${failure.recordId} no longer exists` });
    }
  }
  await sync.syncPage(records);
  progress.done = true;
  await deps.save(progress);
  return progress;
}
