import { authenticate } from '../accounts/guard.ts';
import { booksAllows, type Operation } from '../accounts/scopes.ts';
import type { SandboxContext } from '../context.ts';
import { formFields, mediaType } from '../http/body.ts';
import type { Router } from '../http/router.ts';
import { json, type Ctx, type Reply } from '../http/types.ts';
import { fullContact, invalidValue, parseContactInput, type BooksFailure, type ContactInput } from './model.ts';
import { queryContacts } from './query.ts';
import type { BooksRateLimiter } from './rate-limit.ts';
import type { BooksRepo } from './repo.ts';

/** Books is served at its current root and at the legacy root `/api/v3` (books.zoho.com). */
export const BOOKS_PREFIXES = ['/books/v3', '/api/v3'];

const failure = (f: BooksFailure): Reply => json(f.status, { code: f.code, message: f.message });

const NOT_AUTHORIZED: BooksFailure = { status: 401, code: 57, message: 'You are not authorized to perform this operation' };
const BAD_HEADER: BooksFailure = {
  status: 401,
  code: 14,
  message:
    'The request could not be authenticated as the authentication value you entered is invalid. Send "Authorization: Zoho-oauthtoken <access token>".',
};

/** The contact JSON from a JSON body or from the `JSONString` form field (urlencoded or multipart). */
type Parsed = { ok: true; value: unknown } | { ok: false; failure: BooksFailure };

function contactBody(c: Ctx): Parsed {
  const type = mediaType(c.req);
  const parse = (text: string, field: string): Parsed => {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, failure: invalidValue(field, 'not valid JSON') };
    }
  };
  if (type === 'application/json') {
    const body = parse(c.rawBody.toString('utf8'), 'the JSON body');
    const inner = body.ok ? (body.value as { JSONString?: unknown } | null)?.JSONString : undefined;
    return typeof inner === 'string' ? parse(inner, 'JSONString') : body;
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    const text = formFields(c.req, c.rawBody).get('JSONString');
    if (text === undefined) {
      return { ok: false, failure: { status: 400, code: 4, message: 'JSONString is required: send the contact as a JSONString form field.' } };
    }
    return parse(text, 'JSONString');
  }
  return {
    ok: false,
    failure: {
      status: 400,
      code: 4,
      message: 'Send the contact as an application/json body or as a JSONString form field (urlencoded or multipart).',
    },
  };
}

export function mountBooks(router: Router, ctx: SandboxContext, repo: BooksRepo, limiter: BooksRateLimiter): void {
  const authorize = (c: Ctx, scope: 'contacts' | 'settings', op: Operation): BooksFailure | null => {
    const auth = authenticate(c.req, ctx.tokens);
    if (!auth.ok) return auth.reason === 'missing' || auth.reason === 'malformed' ? BAD_HEADER : NOT_AUTHORIZED;
    return booksAllows(auth.scopes, scope, op) ? null : NOT_AUTHORIZED;
  };

  /** Auth, `organization_id` (query, header or form field), then the per-organization limits. */
  const enter = (c: Ctx, op: Operation): { orgId: string } | Reply => {
    const denied = authorize(c, 'contacts', op);
    if (denied) return failure(denied);
    const header = c.req.headers['x-com-zoho-books-organizationid'];
    const orgId =
      c.query.get('organization_id') ??
      (typeof header === 'string' ? header : undefined) ??
      formFields(c.req, c.rawBody).get('organization_id') ??
      (ctx.settings().booksDefaultOrganization ? repo.orgs().find((o) => o.is_default_org)?.organization_id : undefined);
    if (!orgId) {
      return failure({
        status: 400,
        code: 2,
        message: 'Invalid value passed for organization_id: organization_id is required (query parameter or X-com-zoho-books-organizationid header).',
      });
    }
    if (!repo.hasOrg(orgId)) {
      return failure({ status: 400, code: 6041, message: `This user is not associated with the organization ${orgId}.` });
    }
    const verdict = limiter.check(orgId, ctx.clock.now(), ctx.settings());
    if (!verdict.ok)
      return { ...failure({ status: 429, code: 45, message: verdict.message }), headers: { 'retry-after': String(verdict.retryAfterSeconds) } };
    return { orgId };
  };

  const contactId = (c: Ctx): string | Reply => {
    const id = c.params.id ?? '';
    return /^\d{1,30}$/.test(id) ? id : failure(invalidValue('contact_id', 'expected a numeric id'));
  };
  const notFound = (): Reply => failure({ status: 404, code: 1002, message: 'Contact does not exist.' });

  const readInput = (c: Ctx): ContactInput | Reply => {
    const body = contactBody(c);
    if (!body.ok) return failure(body.failure);
    const input = parseContactInput(body.value);
    return 'code' in input ? failure(input) : input;
  };

  for (const prefix of BOOKS_PREFIXES) {
    router.add('GET', `${prefix}/organizations`, (c) => {
      const denied = authorize(c, 'settings', 'READ');
      if (denied) return failure(denied);
      return json(200, { code: 0, message: 'success', organizations: repo.orgs() });
    });

    router.add('GET', `${prefix}/organizations/:id`, (c) => {
      const denied = authorize(c, 'settings', 'READ');
      if (denied) return failure(denied);
      const org = repo.org(c.params.id ?? '');
      return org
        ? json(200, { code: 0, message: 'success', organization: org })
        : failure({ status: 400, code: 6041, message: `This user is not associated with the organization ${c.params.id ?? ''}.` });
    });

    router.add('GET', `${prefix}/contacts`, (c) => {
      const e = enter(c, 'READ');
      if ('status' in e) return e;
      const result = queryContacts(repo.list(e.orgId), c.query, ctx.settings().booksSearchStrict);
      return 'code' in result ? failure(result) : json(200, { code: 0, message: 'success', ...result });
    });

    router.add('GET', `${prefix}/contacts/:id`, (c) => {
      const e = enter(c, 'READ');
      if ('status' in e) return e;
      const id = contactId(c);
      if (typeof id !== 'string') return id;
      const contact = repo.read(e.orgId, id);
      return contact ? json(200, { code: 0, message: 'success', contact: fullContact(contact) }) : notFound();
    });

    router.add('POST', `${prefix}/contacts`, (c) => {
      const e = enter(c, 'CREATE');
      if ('status' in e) return e;
      const input = readInput(c);
      if ('status' in input) return input;
      const created = repo.create(e.orgId, input);
      if ('code' in created) return failure(created);
      return json(201, { code: 0, message: 'The contact has been created', contact: fullContact(created) });
    });

    router.add('PUT', `${prefix}/contacts/:id`, (c) => {
      const e = enter(c, 'UPDATE');
      if ('status' in e) return e;
      const id = contactId(c);
      if (typeof id !== 'string') return id;
      if (!repo.read(e.orgId, id)) return notFound();
      const input = readInput(c);
      if ('status' in input) return input;
      const updated = repo.update(e.orgId, id, input);
      if (!updated) return notFound();
      if ('code' in updated) return failure(updated);
      return json(200, { code: 0, message: 'Contact has been updated successfully', contact: fullContact(updated) });
    });

    router.add('DELETE', `${prefix}/contacts/:id`, (c) => {
      const e = enter(c, 'DELETE');
      if ('status' in e) return e;
      const id = contactId(c);
      if (typeof id !== 'string') return id;
      return repo.delete(e.orgId, id) ? json(200, { code: 0, message: 'The contact has been deleted.' }) : notFound();
    });
  }
}
