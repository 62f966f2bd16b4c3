/**
 * Integration tasks over the same request path as invokeurl. URLs are the canonical US hosts
 * (https://www.zoho.com/books/api/v3/introduction/, https://www.bigin.com/developer/docs/apis/v2/get-records.html); the executor maps them to the connection's data centre.
 * Bigin tasks: https://www.bigin.com/developer/docs/DRE/library.html. Books tasks: https://www.zoho.com/deluge/help/books/fetch-records.html;
 * writes send the `JSONString` form field (https://www.zoho.com/books/api/v3/contacts/),
 * as Zoho's own Books wrapper and Deluge do.
 */
import type { DelugeHttpMethod, DelugeHttpRequest } from './host.ts';
import { appendQuery, decodeBody, queryOf, runtimeError, send, type CallContext } from './tasks-http.ts';
import { toJson, toText, typeName, type DMap, type Value } from './values.ts';

export const BIGIN_BASE = 'https://www.zohoapis.com/bigin/v2';
export const BOOKS_BASE = 'https://www.zohoapis.com/books/v3';

export interface TaskDef {
  name: string;
  params: string;
  doc: string;
  min: number;
  max: number;
  run: (args: Value[], ctx: CallContext) => Promise<Value>;
}

function text(args: Value[], i: number, task: string, what: string, ctx: CallContext): string {
  const v = args[i];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return toText(v);
  throw runtimeError(
    ctx,
    `${task}: ${what} (argument ${i + 1}) must be non-empty text, got ${v === undefined || v === null ? 'null' : typeName(v)}${typeof v === 'string' ? ' (empty)' : ''}`,
  );
}

function map(args: Value[], i: number, task: string, what: string, ctx: CallContext): DMap {
  const v = args[i];
  if (v instanceof Map) return v;
  throw runtimeError(ctx, `${task}: ${what} (argument ${i + 1}) must be a Map, got ${v === undefined || v === null ? 'null' : typeName(v)}`);
}

/**
 * Splits `[optional map][, connection]` tails: a text where the optional map may stand is the
 * connection (`getRecordById("Contacts", id, "conn")`).
 */
function tail(args: Value[], from: number, task: string, ctx: CallContext): { options: DMap; connection: string } {
  let options: DMap = new Map();
  let connection = '';
  const rest = args.slice(from);
  if (rest.length > 2) throw runtimeError(ctx, `${task}: too many arguments`);
  for (const [i, v] of rest.entries()) {
    if (v instanceof Map && i === 0) options = v;
    else if (typeof v === 'string') connection = v;
    else if (v !== null)
      throw runtimeError(
        ctx,
        `${task}: argument ${from + i + 1} must be ${i === 0 ? 'a Map of options or ' : ''}a connection link name, got ${typeName(v)}`,
      );
  }
  return { options, connection };
}

const seg = (s: string): string => encodeURIComponent(s);

function optionQuery(options: DMap): string {
  const fields: Record<string, string> = {};
  for (const [k, v] of options) fields[k] = Array.isArray(v) ? v.map(toText).join(',') : toText(v);
  return queryOf(fields);
}

async function call(
  ctx: CallContext,
  task: string,
  method: DelugeHttpMethod,
  url: string,
  connection: string,
  body?: { json?: string; form?: Record<string, string> },
): Promise<Value> {
  const req: DelugeHttpRequest = { connection, method, url, headers: {} };
  if (body?.json !== undefined) {
    req.body = body.json;
    req.contentType = 'application/json';
    req.headers['Content-Type'] = 'application/json';
  } else if (body?.form !== undefined) {
    req.params = body.form;
    req.body = queryOf(body.form);
    req.contentType = 'application/x-www-form-urlencoded';
    req.headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const res = await send(req, ctx, task);
  // Bigin answers 204 with no body for a missing record (§3.4); the task then yields an empty map.
  if (res.body.trim() === '') return new Map();
  return decodeBody(res.body);
}

function biginRecordBody(record: DMap, options: DMap): string {
  const envelope: DMap = new Map([['data', [record]]]);
  for (const [k, v] of options) envelope.set(k, v instanceof Map ? [...v.keys()] : v);
  return toJson(envelope);
}

const tasks: TaskDef[] = [
  {
    name: 'zoho.bigin.getRecordById',
    params: '(module, recordId, options?, connection?)',
    doc: 'Fetches one record; returns the {data:[record]} envelope.',
    min: 2,
    max: 4,
    run: (a, ctx) => {
      const t = 'zoho.bigin.getRecordById';
      const { options, connection } = tail(a, 2, t, ctx);
      const url = appendQuery(
        `${BIGIN_BASE}/${seg(text(a, 0, t, 'the module', ctx))}/${seg(text(a, 1, t, 'the record id', ctx))}`,
        optionQuery(options),
      );
      return call(ctx, t, 'GET', url, connection);
    },
  },
  {
    name: 'zoho.bigin.searchRecords',
    params: '(module, criteria, page?, perPage?, options?, connection?)',
    doc: 'Searches records by criteria such as (Email:equals:a@b.c); returns the response envelope.',
    min: 2,
    max: 6,
    run: (a, ctx) => {
      const t = 'zoho.bigin.searchRecords';
      const q: Record<string, string> = { criteria: text(a, 1, t, 'the criteria', ctx) };
      let i = 2;
      for (const key of ['page', 'per_page']) {
        const v = a[i];
        if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
          q[key] = toText(v);
          i++;
        } else break;
      }
      const { options, connection } = tail(a, i, t, ctx);
      const url = appendQuery(appendQuery(`${BIGIN_BASE}/${seg(text(a, 0, t, 'the module', ctx))}/search`, queryOf(q)), optionQuery(options));
      return call(ctx, t, 'GET', url, connection);
    },
  },
  {
    name: 'zoho.bigin.createRecord',
    params: '(module, record, options?, connection?)',
    doc: 'Creates a record; returns the response envelope with the new id.',
    min: 2,
    max: 4,
    run: (a, ctx) => {
      const t = 'zoho.bigin.createRecord';
      const record = map(a, 1, t, 'the record', ctx);
      const { options, connection } = tail(a, 2, t, ctx);
      return call(ctx, t, 'POST', `${BIGIN_BASE}/${seg(text(a, 0, t, 'the module', ctx))}`, connection, { json: biginRecordBody(record, options) });
    },
  },
  {
    name: 'zoho.bigin.updateRecord',
    params: '(module, recordId, record, options?, connection?)',
    doc: 'Updates a record; returns the response envelope.',
    min: 3,
    max: 5,
    run: (a, ctx) => {
      const t = 'zoho.bigin.updateRecord';
      const record = map(a, 2, t, 'the record', ctx);
      const { options, connection } = tail(a, 3, t, ctx);
      const url = `${BIGIN_BASE}/${seg(text(a, 0, t, 'the module', ctx))}/${seg(text(a, 1, t, 'the record id', ctx))}`;
      return call(ctx, t, 'PUT', url, connection, { json: biginRecordBody(record, options) });
    },
  },
  {
    name: 'zoho.books.getRecords',
    params: '(module, organizationId, criteria?, connection?)',
    doc: 'Lists records; criteria is a Map or "k=v&k2=v2" text. Returns the Books envelope.',
    min: 2,
    max: 4,
    run: (a, ctx) => {
      const t = 'zoho.books.getRecords';
      let url = booksUrl(a, t, ctx);
      let connection = '';
      const c = a[2];
      if (a.length === 3 && typeof c === 'string' && !c.includes('=')) connection = c;
      else {
        if (c instanceof Map) url = appendQuery(url, optionQuery(c));
        else if (typeof c === 'string') url = appendQuery(url, c.replace(/^[?&]/, ''));
        else if (c !== undefined && c !== null) throw runtimeError(ctx, `${t}: the criteria (argument 3) must be a Map or text, got ${typeName(c)}`);
        connection = connectionArg(a, 3, t, ctx);
      }
      return call(ctx, t, 'GET', url, connection);
    },
  },
  {
    name: 'zoho.books.getRecordsByID',
    params: '(module, organizationId, recordId, connection?)',
    doc: 'Fetches one record; returns the Books envelope.',
    min: 3,
    max: 4,
    run: (a, ctx) => {
      const t = 'zoho.books.getRecordsByID';
      return call(ctx, t, 'GET', booksUrl(a, t, ctx, text(a, 2, t, 'the record id', ctx)), connectionArg(a, 3, t, ctx));
    },
  },
  {
    name: 'zoho.books.createRecord',
    params: '(module, organizationId, record, connection?)',
    doc: 'Creates a record (sent as the JSONString form field); returns the Books envelope.',
    min: 3,
    max: 4,
    run: (a, ctx) => {
      const t = 'zoho.books.createRecord';
      const record = map(a, 2, t, 'the record', ctx);
      return call(ctx, t, 'POST', booksUrl(a, t, ctx), connectionArg(a, 3, t, ctx), { form: { JSONString: toJson(record) } });
    },
  },
  {
    name: 'zoho.books.updateRecord',
    params: '(module, organizationId, recordId, record, connection?)',
    doc: 'Updates a record (sent as the JSONString form field); returns the Books envelope.',
    min: 4,
    max: 5,
    run: (a, ctx) => {
      const t = 'zoho.books.updateRecord';
      const record = map(a, 3, t, 'the record', ctx);
      return call(ctx, t, 'PUT', booksUrl(a, t, ctx, text(a, 2, t, 'the record id', ctx)), connectionArg(a, 4, t, ctx), {
        form: { JSONString: toJson(record) },
      });
    },
  },
];

function booksUrl(a: Value[], task: string, ctx: CallContext, id?: string): string {
  const module = text(a, 0, task, 'the module', ctx).toLowerCase();
  // An empty organization id leaves it out, and Books uses the connection's default organization.
  const org = a[1] === '' ? '' : text(a, 1, task, 'the organization id', ctx);
  const path = `${BOOKS_BASE}/${seg(module)}${id === undefined ? '' : '/' + seg(id)}`;
  return org === '' ? path : `${path}?organization_id=${encodeURIComponent(org)}`;
}

function connectionArg(a: Value[], i: number, task: string, ctx: CallContext): string {
  const v = a[i];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  throw runtimeError(ctx, `${task}: the connection (argument ${i + 1}) must be a link name, got ${typeName(v)}`);
}

export const TASKS = new Map(tasks.map((t) => [t.name.toLowerCase(), t] as const));
