import type { ConnectionRequest, HttpResult } from '../../../src/engine/ports.ts';
import { FakeHttp, json, ORG } from '../engine/fakes.ts';

interface BooksRow {
  contact_id: string;
  contact_name: string;
  contact_persons: { email?: string }[];
  [key: string]: unknown;
}

/**
 * Bigin and Books as Deluge scripts reach them: Books on both `www.zohoapis.com/books/v3` and
 * `books.zoho.com/api/v3`, writes as the `JSONString` form field, search by `email` or
 * `search_text`, and (like a single-organization Books user) no `organization_id` on reads.
 */
export class DelugeZoho {
  readonly http = new FakeHttp();
  readonly bigin = new Map<string, Record<string, unknown>>();
  readonly books: BooksRow[] = [];
  private nextId = 460000000031001;

  constructor() {
    this.http
      .connection({ linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin', serviceName: 'Bigin' })
      .connection({ linkName: 'books_conn', serviceLinkName: 'zoho_books', serviceName: 'Zoho Books' })
      .on('GET', /^\/bigin\/v2\/Contacts\/[^/]+$/, (_req, url) => {
        const record = this.bigin.get(decodeURIComponent(url.pathname.split('/').pop()!));
        return record ? json(200, { data: [record] }) : json(204, undefined);
      })
      .on('GET', /^\/(books\/v3|api\/v3)\/contacts$/, (_req, url) => {
        const bad = this.badOrg(url, true);
        if (bad) return bad;
        const email = url.searchParams.get('email') ?? url.searchParams.get('search_text') ?? '';
        const rows = this.books.filter((c) => c.contact_persons.some((p) => p.email === email));
        return json(200, {
          code: 0,
          message: 'success',
          contacts: rows.map((c) => ({ contact_id: c.contact_id, contact_name: c.contact_name, email })),
        });
      })
      .on('POST', /^\/(books\/v3|api\/v3)\/contacts$/, (req, url) => {
        const bad = this.badOrg(url, false);
        if (bad) return bad;
        const contact = { ...this.form(req), contact_id: String(this.nextId++) };
        this.books.push(contact);
        return json(201, { code: 0, message: 'The contact has been created', contact });
      })
      .on('PUT', /^\/(books\/v3|api\/v3)\/contacts\/[^/]+$/, (req, url) => {
        const bad = this.badOrg(url, false);
        if (bad) return bad;
        const id = url.pathname.split('/').pop()!;
        const index = this.books.findIndex((c) => c.contact_id === id);
        if (index < 0) return json(404, { code: 1002, message: 'Contact does not exist.' });
        const contact = { ...this.form(req), contact_id: id };
        this.books[index] = contact;
        return json(200, { code: 0, message: 'Contact has been updated successfully', contact });
      });
  }

  private badOrg(url: URL, optional: boolean): HttpResult | null {
    const org = url.searchParams.get('organization_id');
    if (org === null && optional) return null;
    return org === ORG ? null : json(400, { code: 6041, message: `This user is not associated with the organization ${org ?? ''}.` });
  }

  private form(req: ConnectionRequest): BooksRow {
    if (req.body?.kind !== 'text') throw new Error('expected a form body');
    const jsonString = new URLSearchParams(req.body.value).get('JSONString');
    if (jsonString === null) throw new Error('expected a JSONString form field');
    return JSON.parse(jsonString) as BooksRow;
  }
}
