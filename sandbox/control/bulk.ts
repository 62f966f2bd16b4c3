import { MODULES, validateRecord } from '../bigin/model.ts';
import type { BiginRepo } from '../bigin/repo.ts';
import { parseContactInput, type ContactInput } from '../books/model.ts';
import type { BooksRepo } from '../books/repo.ts';
import type { Router } from '../http/router.ts';
import { json, type Ctx, type Reply } from '../http/types.ts';

/** Most records one bulk call creates; the body limit for bulk paths is sized for it. */
const MAX_BULK = 10_000;
export const BULK_BODY_BYTES = 32_000_000;

export const isBulkPath = (path: string): boolean => path.startsWith('/_sandbox/') && path.endsWith('/bulk');

const bad = (message: string, extra: Record<string, unknown> = {}): Reply => json(400, { ok: false, error: message, ...extra });

/** The list under `key` of a JSON object body, 1 to MAX_BULK items. */
function bulkList(c: Ctx, key: string): { body: Record<string, unknown>; items: unknown[] } | Reply {
  let body: unknown;
  try {
    body = JSON.parse(c.rawBody.toString('utf8'));
  } catch {
    return bad('the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad(`the body must be a JSON object {"${key}": [...]}`);
  const items = (body as Record<string, unknown>)[key];
  if (!Array.isArray(items)) return bad(`${key} must be a list`);
  if (items.length === 0) return bad(`${key} is empty`);
  if (items.length > MAX_BULK) return bad(`at most ${MAX_BULK} ${key} per call, got ${items.length}`);
  return { body: body as Record<string, unknown>, items };
}

const PERSON_SHORTHAND = ['first_name', 'last_name', 'email', 'phone', 'mobile'] as const;

/** `{contact_name, email?, phone?, …}`: the shorthand person fields become the primary contact person. */
function booksInput(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const { contact_persons, ...rest } = item as Record<string, unknown>;
  if (contact_persons !== undefined) return item;
  const person: Record<string, unknown> = {};
  for (const key of PERSON_SHORTHAND) {
    if (rest[key] !== undefined) person[key] = rest[key];
    delete rest[key];
  }
  return Object.keys(person).length > 0 ? { ...rest, contact_persons: [{ ...person, is_primary_contact: true }] } : rest;
}

/** Seeding for tests and benchmarks: many records in one SQLite transaction, validated as single creates are. */
export function mountBulk(router: Router, deps: { bigin: BiginRepo; books: BooksRepo }): void {
  const contacts = MODULES.contacts!;

  router.add('POST', '/_sandbox/bigin/contacts/bulk', (c) => {
    const list = bulkList(c, 'contacts');
    if ('status' in list) return list;
    const values: Record<string, unknown>[] = [];
    for (const [i, item] of list.items.entries()) {
      const v = validateRecord(contacts, item, i, true, deps.bigin.lookupName);
      if (!v.ok) {
        return bad(`contacts[${i}]: ${v.error.code}: ${v.error.message} (${String(v.error.details.api_name ?? 'record')}); nothing was created`, {
          index: i,
          details: v.error,
        });
      }
      values.push(v.values);
    }
    return json(201, { ok: true, ids: deps.bigin.insertMany(contacts, values) });
  });

  router.add('POST', '/_sandbox/books/contacts/bulk', (c) => {
    const list = bulkList(c, 'contacts');
    if ('status' in list) return list;
    const given = list.body.organization_id;
    if (given !== undefined && typeof given !== 'string') return bad('organization_id must be a string');
    const orgId = given ?? deps.books.orgs().find((o) => o.is_default_org)?.organization_id;
    if (!orgId || !deps.books.hasOrg(orgId)) return json(404, { ok: false, error: `no Books organization ${orgId ?? '(no default)'}` });
    const inputs: ContactInput[] = [];
    for (const [i, item] of list.items.entries()) {
      const input = parseContactInput(booksInput(item));
      if ('code' in input) return bad(`contacts[${i}]: ${input.message}; nothing was created`, { index: i, code: input.code });
      inputs.push(input);
    }
    const result = deps.books.createMany(orgId, inputs);
    if ('failure' in result) {
      return bad(`contacts[${result.index}]: ${result.failure.message}; nothing was created`, { index: result.index, code: result.failure.code });
    }
    return json(201, { ok: true, ids: result.ids });
  });
}
