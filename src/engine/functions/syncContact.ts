/**
 * Built-in "Sync contact to Zoho Books": the article's logic. Get the Bigin contact, look for a Books
 * contact with its email, then update it or create one (zoho-apis.md §2, §3).
 */
import { z } from 'zod';
import { AppError, BUILTIN_ROLES } from '../../domain/index.ts';
import type { HttpResult } from '../ports.ts';
import type { FunctionContext, FunctionKind } from './types.ts';

export const BIGIN_CONTACT_URL = 'https://www.zohoapis.com/bigin/v2/Contacts/';
export const BOOKS_CONTACTS_URL = 'https://www.zohoapis.com/books/v3/contacts';

export interface SyncContactOutput {
  action: 'created' | 'updated';
  /** Null only in a dry run that would have created the contact. */
  contactId: string | null;
  contactName: string;
  email: string;
  dryRun?: true;
  /** The create's response was lost, but a re-search found the contact it made. */
  recovered?: true;
}

const Id = z.union([z.string().min(1), z.number()]).transform(String);
const BiginRecord = z.object({ data: z.array(z.record(z.string(), z.unknown())).min(1) });
const BooksEnvelope = z.object({ code: z.number(), message: z.string().default('') });
const BooksContactRow = z.object({ contact_id: Id, contact_name: z.string().default('') });
const BooksList = z.object({ code: z.literal(0), contacts: z.array(BooksContactRow) });
const BooksSaved = z.object({ code: z.literal(0), contact: BooksContactRow });

function parseJson(res: HttpResult): unknown {
  try {
    return JSON.parse(res.bodyText) as unknown;
  } catch {
    return undefined;
  }
}

function ok(res: HttpResult): boolean {
  return res.status >= 200 && res.status < 300;
}

function fail(message: string, details: Record<string, string | number | boolean | null>): AppError {
  return new AppError('FUNCTION_FAILED', message, details);
}

/** Books answers `{code, message}` on every error (zoho-apis.md §2.7); show both. */
function booksFailure(what: string, res: HttpResult): AppError {
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

function biginFailure(res: HttpResult): AppError {
  const body = z.object({ code: z.string(), message: z.string() }).safeParse(parseJson(res));
  const why = body.success ? `${body.data.message} (${body.data.code}, HTTP ${res.status})` : `HTTP ${res.status}`;
  return fail(`Bigin could not return the contact: ${why}`, { service: 'zoho_bigin', status: res.status });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function param(ctx: FunctionContext, key: string): string {
  return (ctx.config.builtin?.params[key] ?? '').trim();
}

async function roleLink(ctx: FunctionContext, role: string): Promise<string> {
  const spec = BUILTIN_ROLES.sync_contact_to_books?.find((r) => r.role === role);
  const linkName = ctx.config.connections[role] ?? '';
  const label = spec?.label ?? role;
  if (!linkName) throw new AppError('CONN_NOT_FOUND', `No ${label} is picked for "${ctx.config.name}". Pick one in the function's settings.`);
  const info = await ctx.http.connection(linkName);
  if (spec && !spec.serviceLinkNames.includes(info.serviceLinkName))
    throw new AppError(
      'CONN_WRONG_SERVICE',
      `Connection "${linkName}" belongs to ${info.serviceName}, but the ${label} must use ${spec.serviceLinkNames.join(' or ')}. Pick a ${label}.`,
      { linkName },
    );
  return linkName;
}

/** Books contact payload: documented create/update arguments only (zoho-apis.md §2.5). */
export function booksContactPayload(contact: Record<string, unknown>, forUpdate: boolean): Record<string, unknown> {
  const first = text(contact.First_Name);
  const last = text(contact.Last_Name);
  const email = text(contact.Email);
  const name = text(contact.Full_Name) || [first, last].filter(Boolean).join(' ') || email;
  const phone = text(contact.Phone);
  const mobile = text(contact.Mobile);
  // On update an empty phone is sent so a number removed in Bigin is removed in Books too.
  const keep = (value: string) => forUpdate || value !== '';
  const person: Record<string, unknown> = { email, is_primary_contact: true };
  if (first) person.first_name = first;
  person.last_name = last || name;
  if (keep(phone)) person.phone = phone;
  if (keep(mobile)) person.mobile = mobile;
  const payload: Record<string, unknown> = { contact_name: name };
  if (keep(phone)) payload.phone = phone;
  if (keep(mobile)) payload.mobile = mobile;
  payload.contact_persons = [person];
  return payload;
}

export const syncContactToBooks: FunctionKind = {
  async run(ctx: FunctionContext): Promise<SyncContactOutput> {
    const { signal, nodeId } = ctx;
    const organizationId = param(ctx, 'organizationId');
    if (!/^\d+$/.test(organizationId))
      throw fail(`Enter the Books organization ID in "${ctx.config.name}" (digits only, e.g. 10234695)`, { param: 'organizationId' });
    const biginLink = await roleLink(ctx, 'bigin');
    const booksLink = await roleLink(ctx, 'books');

    const argument = ctx.args.contact;
    const source = argument !== null && typeof argument === 'object' ? (argument as Record<string, unknown>) : ctx.record;
    const recordId = text(source.id);
    if (!recordId) throw fail('The trigger record has no "id", so the Bigin contact cannot be fetched', { field: 'id' });

    const fetched = await ctx.http.request(
      { linkName: biginLink, method: 'GET', url: BIGIN_CONTACT_URL + encodeURIComponent(recordId) },
      { signal, nodeId },
    );
    // Bigin answers 204 No Content when the record does not exist (zoho-apis.md §3.4).
    if (fetched.status === 204)
      throw fail(`Bigin contact ${recordId} was not found (HTTP 204): it may have been deleted`, { service: 'zoho_bigin', status: 204 });
    if (!ok(fetched)) throw biginFailure(fetched);
    const parsedContact = BiginRecord.safeParse(parseJson(fetched));
    if (!parsedContact.success) throw fail('Bigin answered without a contact record ({"data": [...]} expected)', { service: 'zoho_bigin' });
    const contact = parsedContact.data.data[0]!;
    const email = text(contact.Email);
    if (!email) throw fail(`Bigin contact ${recordId} has no email, so it cannot be matched in Books`, { field: 'Email' });

    const search = async (): Promise<{ res: HttpResult; rows: z.infer<typeof BooksContactRow>[] }> => {
      // `email` matches the contact person's email exactly; `search_text` only covers name and notes (§2.3).
      const res = await ctx.http.request(
        { linkName: booksLink, method: 'GET', url: BOOKS_CONTACTS_URL, query: { organization_id: organizationId, email } },
        { signal, nodeId },
      );
      if (!ok(res)) throw booksFailure('search contacts', res);
      const list = BooksList.safeParse(parseJson(res));
      if (!list.success) throw booksFailure('search contacts', res);
      return { res, rows: list.data.contacts };
    };

    const { rows } = await search();
    const existing = rows[0];
    if (rows.length > 1) ctx.info(`${rows.length} Books contacts have the email ${email}; updating the first (${existing?.contact_id})`, undefined, 'warn');

    if (existing) {
      ctx.info(`Found Books contact ${existing.contact_id} for ${email}; updating it`);
      const payload = booksContactPayload(contact, true);
      const res = await ctx.http.request(
        {
          linkName: booksLink,
          method: 'PUT',
          url: `${BOOKS_CONTACTS_URL}/${encodeURIComponent(existing.contact_id)}`,
          query: { organization_id: organizationId },
          body: { kind: 'json', value: payload },
        },
        { signal, nodeId },
      );
      const base = { action: 'updated' as const, contactId: existing.contact_id, contactName: String(payload.contact_name), email };
      if (res.dryRun) return { ...base, dryRun: true };
      if (!ok(res)) throw booksFailure(`update contact ${existing.contact_id}`, res);
      const saved = BooksSaved.safeParse(parseJson(res));
      if (!saved.success) throw booksFailure(`update contact ${existing.contact_id}`, res);
      return { ...base, contactId: saved.data.contact.contact_id };
    }

    ctx.info(`No Books contact has the email ${email}; creating one`);
    const payload = booksContactPayload(contact, false);
    let recoveredId: string | null = null;
    const res = await ctx.http.request(
      {
        linkName: booksLink,
        method: 'POST',
        url: BOOKS_CONTACTS_URL,
        query: { organization_id: organizationId },
        body: { kind: 'json', value: payload },
      },
      {
        signal,
        nodeId,
        // Re-searching by email tells whether a lost create went through, so it is never made twice.
        idempotency: async () => {
          const again = await search();
          recoveredId = again.rows[0]?.contact_id ?? null;
          return recoveredId ? again.res : null;
        },
      },
    );
    const base = { action: 'created' as const, contactName: String(payload.contact_name), email };
    if (res.dryRun) return { ...base, contactId: null, dryRun: true };
    if (recoveredId) return { ...base, contactId: recoveredId, recovered: true };
    if (!ok(res)) throw booksFailure('create the contact', res);
    const saved = BooksSaved.safeParse(parseJson(res));
    if (!saved.success) throw booksFailure('create the contact', res);
    return { ...base, contactId: saved.data.contact.contact_id };
  },
};
