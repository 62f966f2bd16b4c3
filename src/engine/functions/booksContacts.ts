/**
 * Zoho Books contacts as the sync function uses them: answers parsed at the boundary (only the
 * fields the sync reads), errors worded with Books' own code and message, and the contact payload
 * for create and update (https://www.zoho.com/books/api/v3/contacts/).
 */
import { z } from 'zod';
import { AppError } from '../../domain/index.ts';
import { responseJson } from '../json.ts';
import type { HttpResult } from '../ports.ts';

export const BOOKS_CONTACTS_URL = 'https://www.zohoapis.com/books/v3/contacts';

/** Books: "The customer "…" already exists. Please specify a different name." (contact names are unique). */
export const BOOKS_DUPLICATE_NAME = 3062;

const Id = z.union([z.string().min(1), z.number()]).transform(String);
/** A person's text field as sent back on update; anything else (null, absent) is left out. */
const Text = z
  .unknown()
  .transform((v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined))
  .optional();
const BooksEnvelope = z.object({ code: z.number(), message: z.string().default('') });
const BooksPerson = z.object({
  contact_person_id: Id,
  is_primary_contact: z
    .unknown()
    .transform((v) => v === true || v === 'true')
    .optional(),
  salutation: Text,
  first_name: Text,
  last_name: Text,
  email: Text,
  phone: Text,
  mobile: Text,
  designation: Text,
  department: Text,
  skype: Text,
});
const BooksContactRow = z.object({
  contact_id: Id,
  primary_contact_id: Text,
  // List rows carry no persons in the docs' example (§2.4); a full contact always does (§2.6).
  contact_persons: z.array(BooksPerson).optional(),
});
const BooksList = z.object({ code: z.literal(0), contacts: z.array(BooksContactRow) });
const BooksFull = z.object({ code: z.literal(0), contact: BooksContactRow.required({ contact_persons: true }) });
const BooksSaved = z.object({ code: z.literal(0), contact: z.object({ contact_id: Id }) });

export type BooksPerson = z.infer<typeof BooksPerson>;
export type BooksContactRow = z.infer<typeof BooksContactRow>;

export function parseJson(res: HttpResult): unknown {
  const json = responseJson(res);
  return json.ok ? json.value : undefined;
}

export function ok(res: HttpResult): boolean {
  return res.status >= 200 && res.status < 300;
}

export function fail(message: string, details: Record<string, string | number | boolean | null>): AppError {
  return new AppError('FUNCTION_FAILED', message, details);
}

/** Books answers `{code, message}` on every error (https://www.zoho.com/books/api/v3/errors/). */
export function booksCode(res: HttpResult): number | null {
  const envelope = BooksEnvelope.safeParse(parseJson(res));
  return envelope.success ? envelope.data.code : null;
}

/** Shows Books' code and message, which say what to fix. */
export function booksFailure(what: string, res: HttpResult): AppError {
  const envelope = BooksEnvelope.safeParse(parseJson(res));
  const hint = res.status === 401 ? ' Check that the Books connection is authorized with the contacts scopes, or reconnect it.' : '';
  if (envelope.success)
    return fail(`Zoho Books could not ${what}: ${envelope.data.message} (Books code ${envelope.data.code}, HTTP ${res.status}).${hint}`, {
      service: 'zoho_books',
      status: res.status,
      providerCode: envelope.data.code,
    });
  return fail(`Zoho Books could not ${what}: HTTP ${res.status} with an unexpected answer.${hint}`, { service: 'zoho_books', status: res.status });
}

/** The rows of a successful "List contacts" answer; a Books error or another shape fails with `what`. */
export function contactRows(res: HttpResult, what: string): BooksContactRow[] {
  if (!ok(res)) throw booksFailure(what, res);
  const list = BooksList.safeParse(parseJson(res));
  if (!list.success) throw booksFailure(what, res);
  return list.data.contacts;
}

/** The contact of a successful "Get contact" answer, with its persons. */
export function fullContact(res: HttpResult, what: string): BooksContactRow {
  if (!ok(res)) throw booksFailure(what, res);
  const one = BooksFull.safeParse(parseJson(res));
  if (!one.success) throw booksFailure(what, res);
  return one.data.contact;
}

/** The id of the contact a successful create or update answer returns. */
export function savedContactId(res: HttpResult, what: string): string {
  if (!ok(res)) throw booksFailure(what, res);
  const one = BooksSaved.safeParse(parseJson(res));
  if (!one.success) throw booksFailure(what, res);
  return one.data.contact.contact_id;
}

/**
 * The person the sync writes to: the one with the synced email, else the primary one. Matching the
 * email first keeps a second person with the same email from appearing when it is not the primary.
 */
export function targetPerson(contact: BooksContactRow, email: string): BooksPerson | undefined {
  const persons = contact.contact_persons ?? [];
  const wanted = email.toLowerCase();
  return (
    persons.find((p) => (p.email ?? '').toLowerCase() === wanted) ??
    persons.find((p) => p.is_primary_contact || p.contact_person_id === contact.primary_contact_id)
  );
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The Books contact's current persons, for an update that must not drop or recreate them. */
export interface ExistingPersons {
  /** `contact_person_id` of the person the sync edits; absent when the contact has none. */
  targetId?: string;
  /** Every other person, sent back as it is: PUT replaces the whole `contact_persons` list (§2.5). */
  others: BooksPerson[];
}

export function existingPersons(contact: BooksContactRow, email: string): ExistingPersons {
  const target = targetPerson(contact, email);
  const others = (contact.contact_persons ?? []).filter((p) => p !== target);
  return target ? { targetId: target.contact_person_id, others } : { others };
}

/**
 * Books contact payload: documented create/update arguments only (https://www.zoho.com/books/api/v3/contacts/). With
 * `existing` it is an update: the edited person keeps its `contact_person_id` and the others are kept.
 */
export function booksContactPayload(contact: Record<string, unknown>, existing?: ExistingPersons): Record<string, unknown> {
  const first = text(contact.First_Name);
  const last = text(contact.Last_Name);
  const email = text(contact.Email);
  const name = text(contact.Full_Name) || [first, last].filter(Boolean).join(' ') || email;
  const phone = text(contact.Phone);
  const mobile = text(contact.Mobile);
  // On update an empty phone is sent so a number removed in Bigin is removed in Books too.
  const keep = (value: string) => existing !== undefined || value !== '';
  const person: Record<string, unknown> = {};
  if (existing?.targetId) person.contact_person_id = existing.targetId;
  person.email = email;
  person.is_primary_contact = true;
  if (first) person.first_name = first;
  person.last_name = last || name;
  if (keep(phone)) person.phone = phone;
  if (keep(mobile)) person.mobile = mobile;
  const payload: Record<string, unknown> = { contact_name: name };
  if (keep(phone)) payload.phone = phone;
  if (keep(mobile)) payload.mobile = mobile;
  // Books allows `is_primary_contact: true` only, so the kept persons go without it.
  const others = (existing?.others ?? []).map(({ is_primary_contact: _primary, ...rest }) =>
    Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
  );
  payload.contact_persons = [person, ...others];
  return payload;
}
