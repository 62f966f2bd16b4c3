/**
 * Bench-only page (never part of the app): the seed workflow through the engine, and the same
 * requests as a plain `fetch` loop, both from one browser page against the sandbox.
 * The HTTP port here sends with a bearer token directly: it measures the engine, not the vault.
 */
import { BIGIN_BOOKS_SYNC_TEMPLATE, type RateLimit } from '../../src/domain/index.ts';
import { toLogEntry } from '../../src/app/runs/logEntries.ts';
import { compileWorkflow, type Plan } from '../../src/engine/compile.ts';
import { systemClock } from '../../src/engine/clock.ts';
import { createOriginSlots } from '../../src/engine/http/originSlots.ts';
import { createRateLimiter } from '../../src/engine/http/rateLimiter.ts';
import { requestUrl } from '../../src/engine/http/url.ts';
import type { ConnectionInfo, HttpPort } from '../../src/engine/ports.ts';
import { runWorkflow } from '../../src/engine/runner.ts';

export interface BenchContact {
  id: string;
  First_Name: string;
  Last_Name: string;
  Email: string;
  Phone: string;
}

export interface BenchSetup {
  sandbox: string;
  token: string;
  org: string;
  concurrency: number;
  /** Books limit the engine's limiter keeps to; none for the throughput comparison. */
  booksRateLimit?: RateLimit;
}

export interface BenchResult {
  ms: number;
  runs: number;
  failed: number;
  requests: number;
  booksRequests: number;
  statuses: Record<string, number>;
  /** Mean milliseconds from sending a request to having its whole answer, Bigin and Books apart. */
  meanLatencyMs: { bigin: number; books: number };
  /** Most requests in flight at once. */
  mostInFlight: number;
  firstError?: string;
}

const CONNECTIONS = [
  { linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin', status: 'connected' },
  { linkName: 'books_conn', serviceLinkName: 'zoho_books', status: 'connected' },
];

function seedPlan(org: string): Plan {
  const built = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  for (const node of built.nodes)
    if (node.type === 'function') {
      node.config.connections = { bigin: 'bigin_conn', books: 'books_conn' };
      node.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: org } };
    }
  return compileWorkflow({ id: 'wf_bench0001', name: built.name, revision: 1, nodes: built.nodes, edges: built.edges }, { connections: CONNECTIONS });
}

function counter() {
  const statuses: Record<string, number> = {};
  const latency = { bigin: { ms: 0, n: 0 }, books: { ms: 0, n: 0 } };
  let books = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  return {
    statuses,
    sending(): number {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      return performance.now();
    },
    count(status: number, url: string, sentAt: number): void {
      inFlight -= 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
      const kind = url.includes('/books/') ? latency.books : latency.bigin;
      kind.ms += performance.now() - sentAt;
      kind.n += 1;
      if (url.includes('/books/')) books += 1;
    },
    summary: () => ({
      requests: Object.values(statuses).reduce((a, b) => a + b, 0),
      booksRequests: books,
      statuses,
      meanLatencyMs: { bigin: latency.bigin.ms / Math.max(1, latency.bigin.n), books: latency.books.ms / Math.max(1, latency.books.n) },
      mostInFlight,
    }),
  };
}

/** Main Zoho hosts go to the sandbox, as the app's data-centre mapping does for "Sandbox (local)". */
function sandboxPort(setup: BenchSetup, seen: ReturnType<typeof counter>): HttpPort {
  const info = (linkName: string): ConnectionInfo | null => {
    if (linkName === 'bigin_conn')
      return { linkName, serviceLinkName: 'zoho_bigin', serviceName: 'Bigin', status: 'connected', dataCenterId: 'sandbox', isSandbox: true };
    if (linkName === 'books_conn')
      return {
        linkName,
        serviceLinkName: 'zoho_books',
        serviceName: 'Zoho Books',
        status: 'connected',
        dataCenterId: 'sandbox',
        isSandbox: true,
        ...(setup.booksRateLimit ? { rateLimit: setup.booksRateLimit } : {}),
      };
    return null;
  };
  return {
    describe: (linkName) => Promise.resolve(info(linkName)),
    async send(req, { signal }) {
      const written = new URL(requestUrl(req));
      const url = `${setup.sandbox}${written.pathname}${written.search}`;
      const headers: Record<string, string> = { Authorization: `Zoho-oauthtoken ${setup.token}`, ...req.headers };
      let body: string | undefined;
      if (req.body?.kind === 'json') {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.body.value);
      }
      const sentAt = seen.sending();
      const response = await fetch(url, { method: req.method, headers, ...(body === undefined ? {} : { body }), signal });
      const bodyText = await response.text();
      seen.count(response.status, url, sentAt);
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => (out[key] = value));
      return { status: response.status, headers: out, bodyText, url };
    },
  };
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function engineRuns(setup: BenchSetup, contacts: BenchContact[]): Promise<BenchResult> {
  const plan = seedPlan(setup.org);
  const seen = counter();
  const http = sandboxPort(setup, seen);
  const limiter = createRateLimiter(systemClock);
  // Runs beyond the browser's 6 connections wait in the engine, not in the browser (see originSlots.ts).
  const slots = createOriginSlots();
  const labels = new Map(plan.steps.map((s) => [s.id, s.label]));
  const signal = new AbortController().signal;
  let failed = 0;
  let firstError: string | undefined;
  let rows = 0;
  const started = performance.now();
  await pool(contacts, setup.concurrency, async (contact) => {
    const outcome = await runWorkflow(
      plan,
      { record: { ...contact }, event: 'create', dryRun: false },
      // The app's mapping from events to log rows runs too; IndexedDB writes are not part of the engine.
      { http, clock: systemClock, log: { emit: (event) => void (rows += toLogEntry(event, labels).message.length > 0 ? 1 : 0) }, limiter, slots },
      signal,
    );
    if (outcome.status !== 'succeeded') {
      failed += 1;
      firstError ??= outcome.error?.message;
    }
  });
  const ms = performance.now() - started;
  return { ms, runs: contacts.length, failed, ...seen.summary(), ...(firstError ? { firstError } : {}) };
}

/** The same three requests per contact, written by hand with `fetch`. */
async function fetchLoop(setup: BenchSetup, contacts: BenchContact[]): Promise<BenchResult> {
  const seen = counter();
  const auth = { Authorization: `Zoho-oauthtoken ${setup.token}` };
  let failed = 0;
  const started = performance.now();
  await pool(contacts, setup.concurrency, async (contact) => {
    let sentAt = seen.sending();
    const got = await fetch(`${setup.sandbox}/bigin/v2/Contacts/${contact.id}`, { headers: auth });
    const record = ((await got.json()) as { data: BenchContact[] }).data[0]!;
    seen.count(got.status, got.url, sentAt);
    const query = new URLSearchParams({ organization_id: setup.org, email: record.Email });
    sentAt = seen.sending();
    const search = await fetch(`${setup.sandbox}/books/v3/contacts?${query}`, { headers: auth });
    const found = ((await search.json()) as { contacts: unknown[] }).contacts;
    seen.count(search.status, search.url, sentAt);
    const payload = {
      contact_name: `${record.First_Name} ${record.Last_Name}`,
      phone: record.Phone,
      contact_persons: [
        { first_name: record.First_Name, last_name: record.Last_Name, email: record.Email, phone: record.Phone, is_primary_contact: true },
      ],
    };
    sentAt = seen.sending();
    const create = await fetch(`${setup.sandbox}/books/v3/contacts?organization_id=${setup.org}`, {
      method: found.length ? 'PUT' : 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    await create.text();
    seen.count(create.status, create.url, sentAt);
    if (create.status >= 300) failed += 1;
  });
  return { ms: performance.now() - started, runs: contacts.length, failed, ...seen.summary() };
}

declare global {
  interface Window {
    bench: { engineRuns: typeof engineRuns; fetchLoop: typeof fetchLoop };
  }
}

window.bench = { engineRuns, fetchLoop };
document.title = 'Engine benchmark ready';
