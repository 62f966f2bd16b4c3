import { invalidValue, listRow, type BooksContact, type BooksFailure } from './model.ts';

const MAX_PER_PAGE = 200;
const MAX_SEARCH = 100;

type Getter = (c: BooksContact) => string[];

const personValues =
  (key: 'first_name' | 'last_name' | 'email' | 'phone' | 'mobile'): Getter =>
  (c) =>
    c.contact_persons.map((p) => p[key]);

/** Filterable columns (Books "List contacts" query parameters), each with `_startswith` and `_contains`. */
const COLUMNS: Record<string, Getter> = {
  contact_name: (c) => [c.contact_name],
  company_name: (c) => [c.company_name],
  first_name: personValues('first_name'),
  last_name: personValues('last_name'),
  email: personValues('email'),
  phone: (c) => [...personValues('phone')(c), ...personValues('mobile')(c)],
  address: (c) => [c.billing_address.address ?? '', c.shipping_address.address ?? ''],
};

const FILTERS: Record<string, (c: BooksContact) => boolean> = {
  'Status.All': () => true,
  'Status.Active': (c) => c.status === 'active',
  'Status.Inactive': (c) => c.status === 'inactive',
  'Status.Customers': (c) => c.contact_type === 'customer',
  'Status.Vendors': (c) => c.contact_type === 'vendor',
};

const SORTS: Record<string, (c: BooksContact) => string | number> = {
  contact_name: (c) => c.contact_name.toLowerCase(),
  first_name: (c) => String(listRow(c).first_name).toLowerCase(),
  last_name: (c) => String(listRow(c).last_name).toLowerCase(),
  email: (c) => String(listRow(c).email).toLowerCase(),
  outstanding_receivable_amount: (c) => c.outstanding_receivable_amount,
  created_time: (c) => c.created_time,
  last_modified_time: (c) => c.last_modified_time,
};

export interface ContactPage {
  contacts: Record<string, unknown>[];
  page_context: Record<string, unknown>;
}

function positive(q: URLSearchParams, key: string, fallback: number, max: number): number | BooksFailure {
  const raw = q.get(key);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) return invalidValue(key, `expected a whole number from 1 to ${max}`);
  return n;
}

/** Applies Books list filters, sorting and paging; `strict` limits `search_text` to name and notes (as documented). */
export function queryContacts(all: readonly BooksContact[], q: URLSearchParams, strict: boolean): ContactPage | BooksFailure {
  const page = positive(q, 'page', 1, Number.MAX_SAFE_INTEGER);
  if (typeof page !== 'number') return page;
  const perPage = positive(q, 'per_page', MAX_PER_PAGE, MAX_PER_PAGE);
  if (typeof perPage !== 'number') return perPage;

  const tests: ((c: BooksContact) => boolean)[] = [];
  const criteria: Record<string, string>[] = [];
  for (const [column, get] of Object.entries(COLUMNS)) {
    for (const [suffix, comparator, test] of [
      ['', 'equal', (v: string, w: string) => v === w],
      ['_startswith', 'starts_with', (v: string, w: string) => v.startsWith(w)],
      ['_contains', 'contains', (v: string, w: string) => v.includes(w)],
    ] as const) {
      const raw = q.get(column + suffix);
      if (raw === null) continue;
      if (raw.length > MAX_SEARCH) return invalidValue(column + suffix, `longer than ${MAX_SEARCH} characters`);
      const want = raw.toLowerCase();
      tests.push((c) => get(c).some((v) => test(v.toLowerCase(), want)));
      criteria.push({ column_name: column, search_text: raw, comparator });
    }
  }
  const searchText = q.get('search_text');
  if (searchText !== null) {
    if (searchText.length > MAX_SEARCH) return invalidValue('search_text', `longer than ${MAX_SEARCH} characters`);
    const want = searchText.toLowerCase();
    tests.push((c) => {
      const haystack = [c.contact_name, c.notes, ...(strict ? [] : c.contact_persons.map((p) => p.email))];
      return haystack.some((v) => v.toLowerCase().includes(want));
    });
    criteria.push({ column_name: 'search_text', search_text: searchText, comparator: 'contains' });
  }
  const filterBy = q.get('filter_by') ?? 'Status.All';
  const filter = FILTERS[filterBy];
  if (!filter) return invalidValue('filter_by', `supported: ${Object.keys(FILTERS).join(', ')}`);
  const sortColumn = q.get('sort_column') ?? 'contact_name';
  const sortKey = SORTS[sortColumn];
  if (!sortKey) return invalidValue('sort_column', `supported: ${Object.keys(SORTS).join(', ')}`);
  const sortOrder = q.get('sort_order') ?? 'A';
  if (sortOrder !== 'A' && sortOrder !== 'D') return invalidValue('sort_order', 'expected A or D');

  const hits = all.filter((c) => filter(c) && tests.every((t) => t(c)));
  hits.sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    const order = x < y ? -1 : x > y ? 1 : a.contact_id < b.contact_id ? -1 : 1;
    return sortOrder === 'A' ? order : -order;
  });
  const slice = hits.slice((page - 1) * perPage, page * perPage);
  return {
    contacts: slice.map(listRow),
    page_context: {
      page,
      per_page: perPage,
      has_more_page: page * perPage < hits.length,
      report_name: 'Contacts',
      applied_filter: filterBy,
      sort_column: sortColumn,
      sort_order: sortOrder,
      search_criteria: criteria,
    },
  };
}
