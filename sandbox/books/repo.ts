import { booksTime, type Clock } from '../clock.ts';
import { nextId, sql, type Db } from '../store/db.ts';
import { RowCache } from '../store/row-cache.ts';
import { completeOrganization, type BooksOrg } from './organization.ts';
import { blankContact, blankPerson, completeContact, settlePrimary, type BooksContact, type BooksFailure, type ContactInput } from './model.ts';

/** Books ids are long numbers sent as strings (Books Deluge samples); a fixed prefix keeps them deterministic. */
export const BOOKS_ID_PREFIX = '4600000000';

class RollBack extends Error {}

/** Every contact of an organization, parsed once per data file and kept current by the writes below. */
const contacts = new RowCache<BooksContact>((db, orgId) =>
  sql<[string], { contact_id: string; data: string }>(db, 'SELECT contact_id, data FROM books_contacts WHERE organization_id = ? ORDER BY contact_id')
    .all(orgId)
    .map((row) => [row.contact_id, completeContact(JSON.parse(row.data) as BooksContact)]),
);

const nameKey = (name: string): string => name.trim().toLowerCase();

export class BooksRepo {
  private readonly getStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.getStmt = sql<[string, string], { data: string }>(db, 'SELECT data FROM books_contacts WHERE organization_id = ? AND contact_id = ?');
  }

  orgs(): BooksOrg[] {
    return sql<[], { data: string }>(this.db, 'SELECT data FROM books_orgs ORDER BY organization_id')
      .all()
      .map((r) => completeOrganization(JSON.parse(r.data) as BooksOrg));
  }

  org(id: string): BooksOrg | undefined {
    return this.orgs().find((o) => o.organization_id === id);
  }

  hasOrg(id: string): boolean {
    return sql(this.db, 'SELECT 1 FROM books_orgs WHERE organization_id = ?').get(id) !== undefined;
  }

  putOrg(org: BooksOrg): void {
    sql(this.db, 'INSERT OR REPLACE INTO books_orgs (organization_id, data) VALUES (?, ?)').run(org.organization_id, JSON.stringify(org));
  }

  /** One contact for reading: shared and frozen (`get` gives a copy to change). */
  read(orgId: string, id: string): BooksContact | undefined {
    return contacts.row(this.db, orgId, id);
  }

  /** Every contact of the organization in id order; the contacts are shared and frozen. */
  list(orgId: string): readonly BooksContact[] {
    return contacts.rows(this.db, orgId);
  }

  get(orgId: string, id: string): BooksContact | undefined {
    const row = this.getStmt.get(orgId, id);
    return row ? completeContact(JSON.parse(row.data) as BooksContact) : undefined;
  }

  /** One transaction per write: id counters and the contact commit together (and in one disk sync). */
  create(orgId: string, input: ContactInput, atMs = this.clock.now()): BooksContact | BooksFailure {
    return this.cached(orgId, this.db.transaction(() => this.createNow(orgId, input, atMs))());
  }

  /** All or nothing, in one transaction: the first failure (e.g. a duplicate name) rolls every create back. */
  createMany(orgId: string, inputs: ContactInput[], atMs = this.clock.now()): { ids: string[] } | { index: number; failure: BooksFailure } {
    let failed: { index: number; failure: BooksFailure } | undefined;
    try {
      const created = this.db.transaction(() =>
        inputs.map((input, index) => {
          const contact = this.createNow(orgId, input, atMs);
          if ('code' in contact) {
            failed = { index, failure: contact };
            throw new RollBack();
          }
          return contact;
        }),
      )();
      return { ids: created.map((c) => this.cached(orgId, c).contact_id) };
    } catch (e) {
      if (e instanceof RollBack && failed) return failed;
      throw e;
    }
  }

  update(orgId: string, id: string, input: ContactInput): BooksContact | BooksFailure | undefined {
    const updated = this.db.transaction(() => this.updateNow(orgId, id, input))();
    return updated && this.cached(orgId, updated);
  }

  /** A committed write, recorded in the list cache (and frozen there); failures pass through. */
  private cached<T extends BooksContact | BooksFailure>(orgId: string, result: T): T {
    if ('contact_id' in result) contacts.set(this.db, orgId, result.contact_id, result);
    return result;
  }

  private createNow(orgId: string, input: ContactInput, atMs: number): BooksContact | BooksFailure {
    if (this.nameTaken(orgId, input.contact_name)) return duplicate(input);
    const contact = blankContact(nextId(this.db, 'books_next_id', BOOKS_ID_PREFIX), input.contact_name, atMs);
    Object.assign(contact, input.fields);
    contact.contact_persons = (input.persons ?? []).map((p) => ({
      ...blankPerson(''),
      ...p,
      contact_person_id: nextId(this.db, 'books_next_id', BOOKS_ID_PREFIX),
    }));
    settlePrimary(contact);
    sql(this.db, 'INSERT INTO books_contacts (organization_id, contact_id, name_key, data) VALUES (?, ?, ?, ?)').run(
      orgId,
      contact.contact_id,
      nameKey(contact.contact_name),
      JSON.stringify(contact),
    );
    return contact;
  }

  /** PUT semantics: given top-level fields change; a given `contact_persons` list replaces the old one (Books docs). */
  private updateNow(orgId: string, id: string, input: ContactInput): BooksContact | BooksFailure | undefined {
    const current = this.get(orgId, id);
    if (!current) return undefined;
    if (nameKey(current.contact_name) !== nameKey(input.contact_name) && this.nameTaken(orgId, input.contact_name)) {
      return duplicate(input);
    }
    const next: BooksContact = { ...current, ...input.fields, contact_name: input.contact_name };
    if (input.persons) {
      // Books: "To delete a contact person, remove it from the contact_persons list". A person sent with
      // its contact_person_id is that person, edited; one sent without is a new person with a new id.
      const marked = input.persons.some((p) => p.is_primary_contact === true);
      const persons = [];
      for (const p of input.persons) {
        const existing = p.contact_person_id ? current.contact_persons.find((e) => e.contact_person_id === p.contact_person_id) : undefined;
        if (p.contact_person_id && !existing) {
          return {
            status: 400,
            code: 4,
            message: `Invalid value passed for contact_person_id: ${p.contact_person_id} is not a person of this contact`,
          };
        }
        const base = existing ?? blankPerson(nextId(this.db, 'books_next_id', BOOKS_ID_PREFIX));
        // The primary person stays primary unless the update names another one.
        const primary = marked ? p.is_primary_contact === true : existing?.is_primary_contact === true;
        persons.push({ ...base, ...p, contact_person_id: base.contact_person_id, is_primary_contact: primary });
      }
      next.contact_persons = persons;
    }
    next.last_modified_time = booksTime(this.clock.now());
    settlePrimary(next);
    sql(this.db, 'UPDATE books_contacts SET name_key = ?, data = ? WHERE organization_id = ? AND contact_id = ?').run(
      nameKey(next.contact_name),
      JSON.stringify(next),
      orgId,
      id,
    );
    return next;
  }

  delete(orgId: string, id: string): boolean {
    contacts.delete(this.db, orgId, id);
    return sql(this.db, 'DELETE FROM books_contacts WHERE organization_id = ? AND contact_id = ?').run(orgId, id).changes > 0;
  }

  private nameTaken(orgId: string, name: string): boolean {
    return sql(this.db, 'SELECT 1 FROM books_contacts WHERE organization_id = ? AND name_key = ?').get(orgId, nameKey(name)) !== undefined;
  }
}

function duplicate(input: ContactInput): BooksFailure {
  const kind = input.fields.contact_type === 'vendor' ? 'vendor' : 'customer';
  return {
    status: 400,
    code: 3062,
    message: `The ${kind} "${input.contact_name}" already exists. Please specify a different name.`,
  };
}
