import { biginTime } from '../clock.ts';
import { json, type Reply } from '../http/types.ts';
import { biginFailure as fail, type BiginRecord } from './model.ts';
import type { PageTokens, TokenState } from './page-token.ts';

const MAX_PER_PAGE = 200;
/** CRM "Get Records": `page` reaches the first 2,000 records; `page_token` goes on up to 100,000. */
const DISCRETE_PAGINATION_LIMIT = 2000;
const TOKEN_PAGINATION_LIMIT = 100_000;
/** CRM "Get Records": a page token is valid for one day (`info.page_token_expiry`). */
const TOKEN_LIFE_MS = 24 * 3_600_000;

const TIME_FIELDS = new Set(['Created_Time', 'Modified_Time', 'Last_Activity_Time']);
const SORTABLE = new Set(['id', 'Created_Time', 'Modified_Time', 'Last_Name', 'First_Name', 'Full_Name', 'Email', 'Account_Name']);

/** ISO 8601 date-time with a zone, as CRM's `If-Modified-Since` example `2019-07-25T15:26:49+05:30`. */
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)$/;

type SortValue = string | number;
type Position = [SortValue, string];

/** Numeric ids of any length, compared as numbers without losing digits. */
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

interface Order {
  sortBy: string;
  desc: boolean;
}

/** Times compare as instants, never as text (offsets may differ); lookups by name; text case-insensitively. */
function sortValue(record: BiginRecord, field: string): SortValue {
  const v = record[field];
  if (TIME_FIELDS.has(field)) {
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(ms) ? -8.64e15 : ms;
  }
  if (v && typeof v === 'object') return String((v as { name?: unknown }).name ?? '').toLowerCase();
  return v === null || v === undefined ? '' : String(v).toLowerCase();
}

/** The sort order, then id ascending for equal values, so pages are stable. */
function compare(order: Order, [va, ida]: Position, [vb, idb]: Position): number {
  let primary = order.sortBy === 'id' ? compareIds(ida, idb) : va < vb ? -1 : va > vb ? 1 : 0;
  if (order.desc) primary = -primary;
  return primary || compareIds(ida, idb);
}

function readOrder(q: URLSearchParams): Order | Reply {
  const sortBy = q.get('sort_by') ?? 'id';
  const sortOrder = (q.get('sort_order') ?? 'asc').toLowerCase();
  if (!SORTABLE.has(sortBy)) return fail(400, 'INVALID_DATA', 'invalid data', { param_name: 'sort_by', supported: [...SORTABLE] });
  if (sortOrder !== 'asc' && sortOrder !== 'desc')
    return fail(400, 'INVALID_DATA', 'invalid data', { param_name: 'sort_order', supported: ['asc', 'desc'] });
  return { sortBy, desc: sortOrder === 'desc' };
}

function readPositiveInt(q: URLSearchParams, name: string, fallback: number, max?: number): number | Reply {
  const raw = q.get(name);
  const n = raw === null ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1 || (max !== undefined && n > max)) {
    return fail(400, 'INVALID_DATA', 'invalid data', { param_name: name, minimum: 1, ...(max !== undefined ? { maximum: max } : {}) });
  }
  return n;
}

function readFields(q: URLSearchParams): string[] | null {
  const raw = q.get('fields');
  return raw
    ? raw
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '')
    : null;
}

/** Selected fields only (plus id) when `fields` is given, as list and search do in the CRM family. */
function project(record: BiginRecord, fields: string[] | null): Record<string, unknown> {
  if (!fields) return record;
  const out: Record<string, unknown> = { id: record.id };
  for (const f of fields) if (f in record) out[f] = record[f];
  return out;
}

export interface ListOptions {
  module: string;
  nowMs: number;
  /** The `If-Modified-Since` request header, when sent. */
  ifModifiedSince?: string;
  /** Record lists page with tokens past 2,000 records; search pages with `page` only. */
  tokens?: PageTokens;
}

interface Slice {
  records: BiginRecord[];
  page: number;
  more: boolean;
}

/**
 * One page of a record list or search result, as CRM "Get Records" documents it: sorted, optionally only
 * records modified after `If-Modified-Since` (304 when there are none), paged by `page` or `page_token`.
 */
export function listPage(all: readonly BiginRecord[], q: URLSearchParams, options: ListOptions): Reply {
  const perPage = readPositiveInt(q, 'per_page', MAX_PER_PAGE, MAX_PER_PAGE);
  if (typeof perPage !== 'number') return perPage;
  const order = readOrder(q);
  if ('status' in order) return order;
  const pageToken = options.tokens ? q.get('page_token') : null;
  if (pageToken !== null && q.has('page')) {
    return fail(400, 'AMBIGUITY_DURING_PROCESSING', 'You cannot use both page and page_token in the same request.', {
      ambiguity_due_to: ['page', 'page_token'],
    });
  }

  let records = all;
  if (options.ifModifiedSince !== undefined) {
    const since = ISO_WITH_ZONE.test(options.ifModifiedSince.trim()) ? Date.parse(options.ifModifiedSince.trim()) : NaN;
    if (Number.isNaN(since)) {
      return fail(400, 'INVALID_DATA', 'invalid data', {
        header_name: 'If-Modified-Since',
        expected_data_type: 'datetime',
        example: '2019-07-25T15:26:49+05:30',
      });
    }
    records = records.filter((r) => Date.parse(String(r.Modified_Time)) > since);
    // CRM "Get Records": nothing modified since the given time is 304 Not Modified, no body.
    if (records.length === 0) return { status: 304 };
  }
  const fields = readFields(q);
  const positioned = records.map((r): [Position, BiginRecord] => [[order.sortBy === 'id' ? 0 : sortValue(r, order.sortBy), r.id], r]);
  positioned.sort((a, b) => compare(order, a[0], b[0]));

  const binding = options.tokens?.binding([
    options.module,
    order.sortBy,
    order.desc ? 'desc' : 'asc',
    perPage,
    fields?.join(',') ?? null,
    options.ifModifiedSince ?? null,
  ]);
  let slice: Slice;
  if (pageToken !== null && options.tokens && binding) {
    const check = options.tokens.read(pageToken, binding, options.nowMs);
    if (!check.ok) {
      return check.reason === 'expired'
        ? fail(400, 'EXPIRED_VALUE', 'The page_token has expired.', { param_name: 'page_token' })
        : fail(400, 'TOKEN_BOUND_DATA_MISMATCH', 'The page_token given seems to be invalid or input param is added, altered, or deleted.', {
            param_name: 'page_token',
          });
    }
    if (check.state.page * perPage > TOKEN_PAGINATION_LIMIT) {
      return fail(400, 'PAGINATION_LIMIT_EXCEEDED', `You can only get up to first ${TOKEN_PAGINATION_LIMIT} records using page_token param.`, {
        limit: TOKEN_PAGINATION_LIMIT,
      });
    }
    slice = fromToken(positioned, check.state, order, perPage);
  } else {
    const page = readPositiveInt(q, 'page', 1);
    if (typeof page !== 'number') return page;
    if (options.tokens && page * perPage > DISCRETE_PAGINATION_LIMIT) {
      return fail(
        400,
        'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        `You can only get the first ${DISCRETE_PAGINATION_LIMIT} records without using page_token param.`,
        { limit: DISCRETE_PAGINATION_LIMIT },
      );
    }
    const start = (page - 1) * perPage;
    slice = { records: positioned.slice(start, start + perPage).map(([, r]) => r), page, more: start + perPage < positioned.length };
  }
  // CRM family: an empty page is 204 No Content.
  if (slice.records.length === 0) return { status: 204 };

  const info: Record<string, unknown> = { per_page: perPage, count: slice.records.length, page: slice.page, more_records: slice.more };
  if (options.tokens && binding) {
    const positionOf = (r: BiginRecord): Position => [order.sortBy === 'id' ? 0 : sortValue(r, order.sortBy), r.id];
    const expiresMs = options.nowMs + TOKEN_LIFE_MS;
    const token = (direction: TokenState['direction'], page: number, anchor: BiginRecord): string =>
      (options.tokens as PageTokens).issue({ direction, page, anchor: positionOf(anchor), binding, expiresMs });
    const first = slice.records[0] as BiginRecord;
    const last = slice.records[slice.records.length - 1] as BiginRecord;
    info.next_page_token = slice.more ? token('next', slice.page + 1, last) : null;
    info.previous_page_token = slice.page > 1 ? token('previous', slice.page - 1, first) : null;
    info.page_token_expiry = slice.more || slice.page > 1 ? biginTime(expiresMs) : null;
    info.sort_by = order.sortBy;
    info.sort_order = order.desc ? 'desc' : 'asc';
  }
  return json(200, { data: slice.records.map((r) => project(r, fields)), info });
}

/** Keyset paging: the page after (or before) the anchor's position, so edits between calls skip nothing. */
function fromToken(positioned: [Position, BiginRecord][], state: TokenState, order: Order, perPage: number): Slice {
  if (state.direction === 'next') {
    const start = positioned.findIndex(([p]) => compare(order, p, state.anchor) > 0);
    if (start < 0) return { records: [], page: state.page, more: false };
    return { records: positioned.slice(start, start + perPage).map(([, r]) => r), page: state.page, more: start + perPage < positioned.length };
  }
  let end = positioned.findIndex(([p]) => compare(order, p, state.anchor) >= 0);
  if (end < 0) end = positioned.length;
  const start = Math.max(0, end - perPage);
  return { records: positioned.slice(start, end).map(([, r]) => r), page: state.page, more: end < positioned.length };
}
