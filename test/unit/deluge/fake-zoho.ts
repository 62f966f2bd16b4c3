/**
 * In-memory host imitating Bigin v2 and Books v3 contacts (envelopes as in https://www.zoho.com/books/api/v3/contacts/ and https://www.bigin.com/developer/docs/apis/v2/get-records.html).
 * Throws on any request it does not model, so a test never passes on an unexpected call.
 */
import type { DelugeHost, DelugeHttpRequest, DelugeHttpResponse, DelugeNoticeLevel } from '../../../src/engine/deluge/index.ts';

export interface BooksContact {
  contact_id: string;
  contact_name: string;
  email: string;
  phone: string;
  mobile: string;
  contact_persons: Array<Record<string, unknown>>;
}

export interface FakeZohoOptions {
  organizationId?: string;
  /** Books answers requests without organization_id for a user with a single organisation. */
  defaultOrganization?: boolean;
  bigin?: Record<string, Record<string, unknown>>;
  books?: BooksContact[];
  now?: Date;
}

const json = (status: number, body: unknown): DelugeHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8' },
  body: JSON.stringify(body),
});

export class FakeZoho implements DelugeHost {
  readonly requests: DelugeHttpRequest[] = [];
  readonly infos: Array<{ line: number; text: string }> = [];
  readonly notices: Array<{ line: number; level: DelugeNoticeLevel; text: string }> = [];
  readonly org: string;
  readonly bigin: Record<string, Record<string, unknown>>;
  readonly books: BooksContact[];
  private nextId = 460000000026100;
  private readonly defaultOrg: boolean;
  private readonly clock: Date;

  constructor(opts: FakeZohoOptions = {}) {
    this.org = opts.organizationId ?? '10234695';
    this.defaultOrg = opts.defaultOrganization ?? true;
    this.bigin = opts.bigin ?? {};
    this.books = opts.books ?? [];
    this.clock = opts.now ?? new Date('2025-03-04T05:06:07Z');
  }

  info(line: number, text: string): void {
    this.infos.push({ line, text });
  }

  notice(line: number, level: DelugeNoticeLevel, text: string): void {
    this.notices.push({ line, level, text });
  }

  now(): Date {
    return new Date(this.clock.getTime());
  }

  async request(req: DelugeHttpRequest): Promise<DelugeHttpResponse> {
    this.requests.push(req);
    const url = new URL(req.url);
    if (url.host === 'www.zohoapis.com' && url.pathname.startsWith('/bigin/v2/')) return this.biginRoute(req, url);
    if (
      (url.host === 'books.zoho.com' && url.pathname.startsWith('/api/v3/')) ||
      (url.host === 'www.zohoapis.com' && url.pathname.startsWith('/books/v3/'))
    ) {
      return this.booksRoute(req, url);
    }
    throw new Error(`FakeZoho: unexpected request ${req.method} ${req.url}`);
  }

  private biginRoute(req: DelugeHttpRequest, url: URL): DelugeHttpResponse {
    const m = /^\/bigin\/v2\/Contacts\/(\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      const rec = this.bigin[m[1] as string];
      return rec === undefined ? { status: 204, headers: {}, body: '' } : json(200, { data: [rec] });
    }
    throw new Error(`FakeZoho: unexpected Bigin request ${req.method} ${req.url}`);
  }

  private booksRoute(req: DelugeHttpRequest, url: URL): DelugeHttpResponse {
    const path = url.pathname.replace(/^\/(api|books)\/v3/, '');
    const org = url.searchParams.get('organization_id');
    if (org === null && !this.defaultOrg) return json(400, { code: 6042, message: 'organization_id is required.' });
    if (org !== null && org !== this.org) {
      return json(400, { code: 6041, message: `This user is not associated with the CompanyID/CompanyName:${org}.` });
    }
    if (path === '/contacts' && req.method === 'GET') {
      const q = (url.searchParams.get('search_text') ?? '').toLowerCase();
      const hits = this.books.filter((c) => q === '' || c.contact_name.toLowerCase().includes(q) || c.email.toLowerCase() === q);
      return json(200, {
        code: 0,
        message: 'success',
        contacts: hits.map(({ contact_persons: _p, ...row }) => row),
        page_context: { page: 1, per_page: 200, has_more_page: false },
      });
    }
    const payload = this.payload(req);
    if (path === '/contacts' && req.method === 'POST') {
      if (typeof payload.contact_name !== 'string' || payload.contact_name === '')
        return json(400, { code: 4, message: 'Invalid value passed for contact_name' });
      if (this.books.some((c) => c.contact_name === payload.contact_name)) {
        return json(400, { code: 3062, message: `The customer "${String(payload.contact_name)}" already exists. Please specify a different name.` });
      }
      const contact = this.store(String(this.nextId++), payload);
      this.books.push(contact);
      return json(201, { code: 0, message: 'The contact has been created', contact });
    }
    const upd = /^\/contacts\/(\d+)$/.exec(path);
    if (upd && req.method === 'PUT') {
      const i = this.books.findIndex((c) => c.contact_id === upd[1]);
      if (i < 0) return json(404, { code: 1002, message: 'Contact does not exist.' });
      const contact = this.store(upd[1] as string, payload);
      this.books[i] = contact;
      return json(200, { code: 0, message: 'Contact has been updated successfully', contact });
    }
    throw new Error(`FakeZoho: unexpected Books request ${req.method} ${req.url}`);
  }

  private payload(req: DelugeHttpRequest): Record<string, unknown> {
    const body = req.body ?? '';
    if (req.contentType?.includes('json')) return JSON.parse(body) as Record<string, unknown>;
    const form = new URLSearchParams(body);
    const s = form.get('JSONString');
    if (s === null) throw new Error('FakeZoho: Books write without JSONString form field');
    return JSON.parse(s) as Record<string, unknown>;
  }

  private store(id: string, p: Record<string, unknown>): BooksContact {
    const persons = Array.isArray(p.contact_persons) ? (p.contact_persons as Array<Record<string, unknown>>) : [];
    const primary = persons[0] ?? {};
    return {
      contact_id: id,
      contact_name: String(p.contact_name),
      email: String(primary.email ?? ''),
      phone: String(primary.phone ?? ''),
      mobile: String(primary.mobile ?? ''),
      contact_persons: persons.map((x, n) => ({ contact_person_id: `${id}${n}`, ...x })),
    };
  }
}

export const JANE = {
  id: '4150868000000225013',
  First_Name: 'Jane',
  Last_Name: 'Doe',
  Full_Name: 'Jane Doe',
  Email: 'jane@example.com',
  Phone: '+1-555-0100',
  Mobile: '+1-555-0101',
  Owner: { name: 'Alex Admin', id: '4150868000000210001' },
};

/** The record map a Bigin trigger offers a script: `Contacts.<Field>` keys beside plain keys. */
export function triggerRecord(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...rec };
  for (const [k, v] of Object.entries(rec)) out[`Contacts.${k === 'id' ? 'ID' : k}`] = v;
  return out;
}
