/**
 * Built-in "Sync contact to Zoho Books": the article's logic. Get the Bigin contact, look for a Books
 * contact with its email, then update it or create one (https://www.zoho.com/books/api/v3/contacts/, https://www.bigin.com/developer/docs/apis/v2/get-records.html).
 */
import { z } from 'zod';
import { AppError, BUILTIN_ROLES } from '../../domain/index.ts';
import type { HttpResult } from '../ports.ts';
import {
  BOOKS_CONTACTS_URL,
  BOOKS_DUPLICATE_NAME,
  booksCode,
  booksContactPayload,
  booksFailure,
  contactRows,
  existingPersons,
  fail,
  ok,
  parseJson,
  fullContact,
  savedContactId,
  type BooksContactRow,
} from './booksContacts.ts';
import type { FunctionContext, FunctionKind } from './types.ts';

export { BOOKS_CONTACTS_URL, booksContactPayload } from './booksContacts.ts';
export const BIGIN_CONTACT_URL = 'https://www.zohoapis.com/bigin/v2/Contacts/';

export interface SyncContactOutput {
  /** `would …` in a dry run, where the write was held back. */
  action: 'created' | 'updated' | 'would create' | 'would update';
  /** Null only in a dry run that would have created the contact. */
  contactId: string | null;
  contactName: string;
  email: string;
  dryRun?: true;
  /**
   * The create's answer was lost: a re-search found the contact it made, or Books refused the
   * create as a duplicate of a contact with the same email, which was then updated.
   */
  recovered?: true;
}

const BiginRecord = z.object({ data: z.array(z.record(z.string(), z.unknown())).min(1) });

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

export const syncContactToBooks: FunctionKind = {
  async run(ctx: FunctionContext): Promise<SyncContactOutput> {
    const { signal, nodeId } = ctx;
    const organizationId = param(ctx, 'organizationId');
    if (!/^\d+$/.test(organizationId))
      throw fail(`Enter the Books organization ID in "${ctx.config.name}" (digits only, e.g. 10234695)`, { param: 'organizationId' });
    const biginLink = await roleLink(ctx, 'bigin');
    const booksLink = await roleLink(ctx, 'books');
    const org = { organization_id: organizationId };

    const argument = ctx.args.contact;
    const source = argument !== null && typeof argument === 'object' ? (argument as Record<string, unknown>) : ctx.record;
    const recordId = text(source.id);
    if (!recordId) throw fail('The trigger record has no "id", so the Bigin contact cannot be fetched', { field: 'id' });

    const fetched = await ctx.http.request(
      { linkName: biginLink, method: 'GET', url: BIGIN_CONTACT_URL + encodeURIComponent(recordId) },
      { signal, nodeId },
    );
    // Bigin answers 204 No Content when the record does not exist (https://www.bigin.com/developer/docs/apis/v2/status-codes.html).
    if (fetched.status === 204)
      throw fail(`Bigin contact ${recordId} was not found (HTTP 204): it may have been deleted`, { service: 'zoho_bigin', status: 204 });
    if (!ok(fetched)) throw biginFailure(fetched);
    const parsedContact = BiginRecord.safeParse(parseJson(fetched));
    if (!parsedContact.success) throw fail('Bigin answered without a contact record ({"data": [...]} expected)', { service: 'zoho_bigin' });
    const contact = parsedContact.data.data[0]!;
    const email = text(contact.Email);
    if (!email) throw fail(`Bigin contact ${recordId} has no email, so it cannot be matched in Books`, { field: 'Email' });

    const search = async (): Promise<{ res: HttpResult; rows: BooksContactRow[] }> => {
      // `email` matches the contact person's email exactly; `search_text` only covers name and notes (§2.3).
      const res = await ctx.http.request(
        { linkName: booksLink, method: 'GET', url: BOOKS_CONTACTS_URL, query: { ...org, email } },
        { signal, nodeId },
      );
      return { res, rows: contactRows(res, 'search contacts') };
    };

    /** A list row has no persons (§2.4), so the full contact is read to keep its persons' ids. */
    const withPersons = async (row: BooksContactRow): Promise<BooksContactRow> => {
      if (row.contact_persons) return row;
      const res = await ctx.http.request(
        { linkName: booksLink, method: 'GET', url: `${BOOKS_CONTACTS_URL}/${encodeURIComponent(row.contact_id)}`, query: org },
        { signal, nodeId },
      );
      return fullContact(res, `read contact ${row.contact_id}`);
    };

    const update = async (row: BooksContactRow): Promise<SyncContactOutput> => {
      const current = await withPersons(row);
      const payload = booksContactPayload(contact, existingPersons(current, email));
      const res = await ctx.http.request(
        {
          linkName: booksLink,
          method: 'PUT',
          url: `${BOOKS_CONTACTS_URL}/${encodeURIComponent(row.contact_id)}`,
          query: org,
          body: { kind: 'json', value: payload },
        },
        { signal, nodeId },
      );
      const base = { action: 'updated' as const, contactId: row.contact_id, contactName: String(payload.contact_name), email };
      if (res.dryRun) return { ...base, action: 'would update', dryRun: true };
      return { ...base, contactId: savedContactId(res, `update contact ${row.contact_id}`) };
    };

    const { rows } = await search();
    const existing = rows[0];
    if (rows.length > 1)
      ctx.info(`${rows.length} Books contacts have the email ${email}; updating the first (${existing?.contact_id})`, undefined, 'warn');

    if (existing) {
      ctx.info(`Found Books contact ${existing.contact_id} for ${email}; updating it`);
      return update(existing);
    }

    ctx.info(`No Books contact has the email ${email}; creating one`);
    const payload = booksContactPayload(contact);
    let recoveredId: string | null = null;
    const res = await ctx.http.request(
      { linkName: booksLink, method: 'POST', url: BOOKS_CONTACTS_URL, query: org, body: { kind: 'json', value: payload } },
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
    if (res.dryRun) return { ...base, action: 'would create', contactId: null, dryRun: true };
    if (recoveredId) return { ...base, contactId: recoveredId, recovered: true };
    if (res.status === 400 && booksCode(res) === BOOKS_DUPLICATE_NAME) {
      // A browser silently resends a request whose socket closed before the answer, so a create that
      // was applied comes back as a duplicate name instead of a network error.
      const same = (await search()).rows[0];
      if (!same) throw booksFailure('create the contact', res);
      ctx.info(
        `Books already had contact ${same.contact_id} with the email ${email}, probably from an attempt whose answer was lost; updating it instead of creating another`,
      );
      return { ...(await update(same)), recovered: true };
    }
    return { ...base, contactId: savedContactId(res, 'create the contact') };
  },
};
