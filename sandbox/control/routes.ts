import { MODULES, validateRecord, type BiginRecord } from '../bigin/model.ts';
import type { BiginRepo } from '../bigin/repo.ts';
import type { BooksRepo } from '../books/repo.ts';
import type { SandboxContext } from '../context.ts';
import { formFields, mediaType } from '../http/body.ts';
import type { Router } from '../http/router.ts';
import { html, json, redirect, type Ctx, type Reply } from '../http/types.ts';
import { mergeSettings, SettingsError, type SandboxSettings } from '../settings.ts';
import { mountBulk } from './bulk.ts';
import { parseFault, FaultError, type Faults } from './faults.ts';
import { homePage, STYLESHEET, type HomeView } from './page.ts';
import type { RequestLog } from './request-log.ts';
import type { ApiStats } from './stats.ts';

export interface ControlDeps {
  bigin: BiginRepo;
  books: BooksRepo;
  faults: Faults;
  log: RequestLog;
  stats: ApiStats;
  reset(): void;
  updateSettings(next: SandboxSettings): void;
}

const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  // same-origin, not no-referrer: otherwise Chromium sends `Origin: null` on the page's own form posts.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

const bad = (message: string, extra: Record<string, unknown> = {}): Reply => json(400, { ok: false, error: message, ...extra });

function jsonBody(c: Ctx): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (c.rawBody.length === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(c.rawBody.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reply: bad('the request body is not valid JSON') };
  }
}

const sinceParam = (c: Ctx): number => {
  const n = Number(c.query.get('since') ?? '0');
  return Number.isFinite(n) ? n : 0;
};

const isForm = (c: Ctx): boolean => {
  const type = mediaType(c.req);
  return type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
};

/** A contact form's fields as record input: the company select carries an Accounts id. */
function formInput(c: Ctx): Record<string, unknown> {
  const fields = formFields(c.req, c.rawBody);
  const out: Record<string, unknown> = {};
  for (const [k, v] of fields) out[k] = k === 'Account_Name' ? (v === '' ? null : { id: v }) : v;
  return out;
}

export function mountControl(router: Router, ctx: SandboxContext, deps: ControlDeps): void {
  const contacts = MODULES.contacts!;
  const accounts = MODULES.accounts!;

  const view = (extra: Partial<HomeView> = {}): HomeView => ({
    origin: ctx.origin(),
    booksOrgs: deps.books.orgs(),
    biginContacts: deps.bigin.list(contacts),
    biginCompanies: deps.bigin.list(accounts),
    booksContacts: deps.books.orgs().flatMap((o) => deps.books.list(o.organization_id)),
    settings: ctx.settings(),
    ...extra,
  });

  router.add('GET', '/', (c) => {
    const editId = c.query.get('edit');
    const editing = editId ? deps.bigin.read(contacts, editId) : undefined;
    const saved = c.query.get('saved');
    const message =
      editId && !editing
        ? { kind: 'error' as const, text: `No Bigin contact with id ${editId}.` }
        : saved
          ? { kind: 'ok' as const, text: `Saved Bigin contact ${saved}.` }
          : undefined;
    return html(200, homePage(view({ ...(editing ? { editing } : {}), ...(message ? { message } : {}) })), PAGE_HEADERS);
  });
  router.add('GET', '/_sandbox/assets/sandbox.css', () => ({
    status: 200,
    body: STYLESHEET,
    headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' },
  }));

  router.add('GET', '/_sandbox/health', () => json(200, { ok: true }));
  router.add('POST', '/_sandbox/reset', () => {
    deps.reset();
    return json(200, { ok: true });
  });
  router.add('GET', '/_sandbox/requests', (c) => json(200, deps.log.since(sinceParam(c))));
  router.add('GET', '/_sandbox/events', (c) => json(200, ctx.events.since(sinceParam(c))));
  router.add('GET', '/_sandbox/stats', () => json(200, deps.stats.view()));
  router.add('POST', '/_sandbox/stats/reset', () => {
    deps.stats.reset(ctx.clock.now());
    return json(200, { ok: true });
  });

  router.add('GET', '/_sandbox/faults', () => json(200, deps.faults.list(ctx.clock.now())));
  router.add('POST', '/_sandbox/faults', (c) => {
    const body = jsonBody(c);
    if (!body.ok) return body.reply;
    try {
      deps.faults.add(parseFault(body.value), ctx.clock.now());
    } catch (e) {
      if (e instanceof FaultError) return bad(e.message);
      throw e;
    }
    return json(201, { ok: true, faults: deps.faults.list(ctx.clock.now()) });
  });
  router.add('DELETE', '/_sandbox/faults', () => {
    deps.faults.clear();
    return json(200, { ok: true });
  });

  router.add('GET', '/_sandbox/settings', () => json(200, ctx.settings()));
  router.add('POST', '/_sandbox/settings', (c) => {
    const body = jsonBody(c);
    if (!body.ok) return body.reply;
    try {
      deps.updateSettings(mergeSettings(ctx.settings(), body.value));
    } catch (e) {
      if (e instanceof SettingsError) return bad(e.message);
      throw e;
    }
    return json(200, ctx.settings());
  });

  router.add('POST', '/_sandbox/tokens/expire', () => json(200, { ok: true, expired: ctx.tokens.expireAllAccessTokens() }));
  router.add('POST', '/_sandbox/tokens/revoke-all', () => json(200, { ok: true, revoked: ctx.tokens.revokeAll() }));
  router.add('POST', '/_sandbox/clock/advance', (c) => {
    const body = jsonBody(c);
    if (!body.ok) return body.reply;
    const ms = (body.value as { ms?: unknown }).ms;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) return bad('ms must be a non-negative whole number');
    ctx.clock.advance(ms);
    return json(200, { ok: true, now: new Date(ctx.clock.now()).toISOString() });
  });

  // Before the `:id` routes, which would otherwise take "bulk" for an id.
  mountBulk(router, deps);
  router.add('GET', '/_sandbox/bigin/contacts', () => json(200, { data: deps.bigin.list(contacts) }));

  /** Create or edit from JSON (tests) or from the page's form (people): forms re-render the page on error. */
  const save = (c: Ctx, id: string | undefined): Reply => {
    const form = isForm(c);
    let input: unknown;
    if (form) {
      input = formInput(c);
    } else {
      const body = jsonBody(c);
      if (!body.ok) return body.reply;
      input = body.value;
    }
    const existing = id === undefined ? undefined : deps.bigin.read(contacts, id);
    if (id !== undefined && !existing) return json(404, { ok: false, error: `no Bigin contact with id ${id}` });
    const v = validateRecord(contacts, input, 0, id === undefined, deps.bigin.lookupName);
    if (!v.ok) {
      const text = `${v.error.code}: ${v.error.message} (${String(v.error.details.api_name ?? 'record')})`;
      if (!form) return bad(text, { details: v.error });
      const values = Object.fromEntries(formFields(c.req, c.rawBody));
      return html(400, homePage(view({ ...(existing ? { editing: existing } : {}), message: { kind: 'error', text }, form: values })), PAGE_HEADERS);
    }
    const record: BiginRecord = id === undefined ? deps.bigin.insert(contacts, v.values) : (deps.bigin.update(contacts, id, v.values) as BiginRecord);
    if (form) return redirect(`/?saved=${encodeURIComponent(record.id)}`, 303);
    return json(id === undefined ? 201 : 200, { ok: true, data: record });
  };
  router.add('POST', '/_sandbox/bigin/contacts', (c) => save(c, undefined));
  router.add('PATCH', '/_sandbox/bigin/contacts/:id', (c) => save(c, c.params.id));
  router.add('POST', '/_sandbox/bigin/contacts/:id', (c) => save(c, c.params.id));

  router.add('GET', '/_sandbox/books/contacts', (c) => {
    const orgId = c.query.get('organization_id');
    if (!orgId) return bad('organization_id is required');
    if (!deps.books.hasOrg(orgId)) return json(404, { ok: false, error: `no Books organization ${orgId}` });
    return json(200, { contacts: deps.books.list(orgId) });
  });
}
