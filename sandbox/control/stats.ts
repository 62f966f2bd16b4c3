export type Service = 'accounts' | 'bigin' | 'books' | 'other';

interface Tally {
  requests: number;
  methods: Record<string, number>;
  /** By HTTP status; `"0"` counts requests that got no answer (a dropped socket or an outage). */
  statuses: Record<string, number>;
}

export interface StatsView {
  since: string;
  requests: number;
  statuses: Record<string, number>;
  services: Record<Service, Tally>;
  /** Books POST and PUT requests, whatever their answer: what the Books rate limit and the sync budget count. */
  booksWrites: { requests: number; statuses: Record<string, number> };
}

function serviceOf(path: string): Service {
  if (path.startsWith('/oauth/') || path.startsWith('/.well-known/')) return 'accounts';
  if (path.startsWith('/bigin/')) return 'bigin';
  if (path.startsWith('/books/') || path.startsWith('/api/')) return 'books';
  return 'other';
}

const emptyTally = (): Tally => ({ requests: 0, methods: {}, statuses: {} });
const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** API request counters (constant work per request, so they stay cheap at any volume); the control plane is not counted. */
export class ApiStats {
  private sinceMs = 0;
  private services!: Record<Service, Tally>;
  private overall!: Tally;
  private writes!: Tally;

  constructor(nowMs: number) {
    this.reset(nowMs);
  }

  count(path: string, method: string, status: number): void {
    const service = serviceOf(path);
    const key = String(status);
    for (const tally of [this.overall, this.services[service]]) {
      tally.requests++;
      bump(tally.methods, method);
      bump(tally.statuses, key);
    }
    if (service === 'books' && (method === 'POST' || method === 'PUT')) {
      this.writes.requests++;
      bump(this.writes.statuses, key);
    }
  }

  reset(nowMs: number): void {
    this.sinceMs = nowMs;
    this.services = { accounts: emptyTally(), bigin: emptyTally(), books: emptyTally(), other: emptyTally() };
    this.overall = emptyTally();
    this.writes = emptyTally();
  }

  view(): StatsView {
    const copy = (t: Tally): Tally => ({ requests: t.requests, methods: { ...t.methods }, statuses: { ...t.statuses } });
    return {
      since: new Date(this.sinceMs).toISOString(),
      requests: this.overall.requests,
      statuses: { ...this.overall.statuses },
      services: {
        accounts: copy(this.services.accounts),
        bigin: copy(this.services.bigin),
        books: copy(this.services.books),
        other: copy(this.services.other),
      },
      booksWrites: { requests: this.writes.requests, statuses: { ...this.writes.statuses } },
    };
  }
}
