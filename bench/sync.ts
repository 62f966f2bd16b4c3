/**
 * `npm run bench:sync`: the Books sync at scale, with the engine as the app runs it (its rate
 * limiter, per-origin slots and policy) against a local sandbox whose Books rate limit is compressed
 * (100 requests per 2 s instead of per minute) so the run takes minutes, not hours.
 * 1. first sync of 10,000 Bigin contacts (Books empty): Books calls per contact, share of the rate
 *    limit used while writing, 429s, time against the ideal the limit allows, and the naive flow
 *    (a search and a write per contact, measured on 500 contacts) for comparison;
 * 2. re-sync with 5 % of the contacts changed: Books calls per contact;
 * 3. live: 100 edits over 60 s picked up by the polling trigger: p95 from edit to Books write.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTokens } from '../sandbox/testing/oauth-client.ts';
import { BIGIN_BOOKS_SYNC_TEMPLATE, type TriggerState, type Workflow } from '../src/domain/index.ts';
import { systemClock } from '../src/engine/clock.ts';
import { compileWorkflow } from '../src/engine/compile.ts';
import { runBulkSync, startProgress, type BulkProgress, type RememberedContact } from '../src/engine/functions/bulkSync.ts';
import { createConnectionClient } from '../src/engine/http/client.ts';
import { createOriginSlots } from '../src/engine/http/originSlots.ts';
import { createRateLimiter } from '../src/engine/http/rateLimiter.ts';
import { MemoryLiveStore } from '../src/engine/live/memoryStore.ts';
import { WorkflowWatcher } from '../src/engine/live/watcher.ts';
import { QUEUED_RUN_LIMITS, runWorkflow } from '../src/engine/runner.ts';
import { sandboxPort, type BenchPort } from './sandboxPort.ts';

const CONTACTS = Number(process.env.BENCH_SYNC_CONTACTS ?? 10_000);
const NAIVE = Math.min(500, CONTACTS);
const CHANGED_SHARE = 0.05;
const LIVE_EDITS = 100;
const LIVE_SPAN_MS = 60_000;
const POLL_MS = 2_000;
const ORG = '10234695';
const LIMIT = { requests: 100, perMs: 2_000, key: 'organization' as const };
const perSecond = (LIMIT.requests * 1000) / LIMIT.perMs;

const dataDir = mkdtempSync(join(tmpdir(), 'sync-bench-'));
const child = spawn(join('node_modules', '.bin', 'tsx'), ['sandbox/main.ts', '--fresh'], {
  env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir, SANDBOX_APP_ORIGINS: 'http://localhost:5173' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const sandbox = await new Promise<string>((done, fail) => {
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const url = /listening on (http:\/\/localhost:\d+)/.exec(out)?.[1];
    if (url) done(url);
  });
  child.on('exit', (code) => fail(new Error(`sandbox exited with ${code}`)));
});
child.stdout.on('error', () => {});

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Tally {
  requests: number;
  statuses: Record<string, number>;
}
interface Stats {
  services: Record<'accounts' | 'bigin' | 'books' | 'other', Tally>;
  booksWrites: Tally;
}
async function statsOf(): Promise<{ books: number; booksWrites: number; tooMany: number }> {
  const stats = await control<Stats>('GET', '/_sandbox/stats');
  return { books: stats.services.books.requests, booksWrites: stats.booksWrites.requests, tooMany: stats.services.books.statuses['429'] ?? 0 };
}

function contact(i: number, tag: string): Record<string, unknown> {
  const n = String(i).padStart(5, '0');
  return { First_Name: 'Bench', Last_Name: `${tag} ${n}`, Email: `bench.${tag}.${n}@example.com`, Phone: `+1-555-${n}` };
}

function memory(): { get(id: string): Promise<RememberedContact | undefined>; put(id: string, r: RememberedContact): Promise<void> } {
  const rows = new Map<string, RememberedContact>();
  return { get: async (id) => rows.get(id), put: async (id, r) => void rows.set(id, r) };
}

function workflow(): Workflow {
  const built = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  for (const node of built.nodes)
    if (node.type === 'function') {
      node.config.connections = { bigin: 'bigin', books: 'books' };
      node.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: ORG } };
    }
  return {
    id: 'wf_bench00001',
    name: built.name,
    schemaVersion: 2,
    revision: 1,
    nodes: built.nodes,
    edges: built.edges,
    layout: { nodes: {} },
    createdAt: 0,
    updatedAt: 0,
  };
}
const CONNECTIONS = [
  { linkName: 'bigin', serviceLinkName: 'zoho_bigin', status: 'connected' as const },
  { linkName: 'books', serviceLinkName: 'zoho_books', status: 'connected' as const },
];

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

try {
  const token = (await getTokens(sandbox, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all'])).access_token;
  await control('POST', '/_sandbox/settings', {
    booksRateLimit: { limit: LIMIT.requests, windowMs: LIMIT.perMs },
    booksDailyLimit: 10_000_000,
    accessTokenTtlSeconds: 86_400,
  });
  const port: BenchPort = sandboxPort(sandbox, token, LIMIT);
  const limiter = createRateLimiter(systemClock);
  const slots = createOriginSlots();
  const client = createConnectionClient({ port, clock: systemClock, log: { emit() {} }, limiter, slots, dryRun: false });
  const plan = compileWorkflow(workflow(), { connections: CONNECTIONS });
  const target = { biginLink: 'bigin', booksLink: 'books', organizationId: ORG };
  const mem = memory();
  const bulk = (progress: BulkProgress) =>
    runBulkSync(target, progress, {
      client,
      signal: new AbortController().signal,
      memory: mem,
      eligible: (record) => typeof record.Email === 'string' && record.Email !== '',
      save: async () => {},
      concurrency: 12,
    });

  // The sandbox's own seed contacts stay; the figures are per contact synced.
  const seeded = Array.from({ length: CONTACTS }, (_, i) => contact(i, 'first'));
  for (let i = 0; i < seeded.length; i += 5_000) await control('POST', '/_sandbox/bigin/contacts/bulk', { contacts: seeded.slice(i, i + 5_000) });

  console.log(`— 1. first sync of ${CONTACTS} contacts, Books limited to ${LIMIT.requests} per ${LIMIT.perMs / 1000} s —\n`);
  await control('POST', '/_sandbox/stats/reset');
  port.writes.length = 0;
  const started = Date.now();
  const first = await bulk(startProgress());
  const elapsed = (Date.now() - started) / 1000;
  const firstStats = await statsOf();
  const checked = first.counts.checked;
  const writes = port.writes.filter((w) => w.status < 300);
  const writeSpan = writes.length > 1 ? (writes.at(-1)!.at - writes[0]!.at) / 1000 : Number.NaN;
  const callsFirst = firstStats.books / checked;
  const share = (100 * writes.length) / (writeSpan * perSecond);
  const ideal = firstStats.books / perSecond;
  console.log(`counts: ${JSON.stringify(first.counts)}`);
  console.log(`first sync: ${callsFirst.toFixed(3)} Books calls per contact (goal ≤ 1.01)`);
  console.log(`first sync: ${share.toFixed(1)} % of the rate limit used while writing (goal ≥ 95 %)`);
  console.log(`first sync: ${firstStats.tooMany} × 429 (goal 0)`);
  console.log(
    `first sync: ${elapsed.toFixed(1)} s vs ${ideal.toFixed(1)} s ideal for ${firstStats.books} calls at ${perSecond}/s: ${(elapsed / ideal).toFixed(3)}× (goal ≤ 1.05)`,
  );

  // The naive flow: the app's own one-contact sync (search, then create), runs side by side.
  const naiveIds = (
    await control<{ ids: string[] }>('POST', '/_sandbox/bigin/contacts/bulk', {
      contacts: Array.from({ length: NAIVE }, (_, i) => contact(i, 'naive')),
    })
  ).ids;
  await control('POST', '/_sandbox/stats/reset');
  const naiveStart = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      while (next < naiveIds.length) {
        const i = next++;
        await runWorkflow(
          plan,
          { record: { id: naiveIds[i], ...contact(i, 'naive') }, event: 'create', dryRun: false, limits: QUEUED_RUN_LIMITS },
          { http: port, clock: systemClock, log: { emit() {} }, limiter, slots },
          new AbortController().signal,
        );
      }
    }),
  );
  const naiveSeconds = (Date.now() - naiveStart) / 1000;
  const naiveBooks = (await statsOf()).books / NAIVE;
  const bulkPerContact = elapsed / checked;
  const naivePerContact = naiveSeconds / NAIVE;
  console.log(
    `naive flow on ${NAIVE} contacts: ${naiveBooks.toFixed(3)} Books calls per contact, ${(naivePerContact * 1000).toFixed(1)} ms per contact; ` +
      `bulk is ${(naiveBooks / callsFirst).toFixed(2)}× fewer calls and ${(naivePerContact / bulkPerContact).toFixed(2)}× faster per contact`,
  );

  console.log(`\n— 2. re-sync with ${CHANGED_SHARE * 100} % changed —\n`);
  const list = await control<{ data: { id: string; Email?: string }[] }>('GET', '/_sandbox/bigin/contacts');
  const ours = list.data.filter((r) => String(r.Email ?? '').startsWith('bench.first.'));
  const changed = ours.filter((_, i) => i % Math.round(1 / CHANGED_SHARE) === 0);
  let edit = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (edit < changed.length) {
        const row = changed[edit++]!;
        await control('PATCH', `/_sandbox/bigin/contacts/${row.id}`, { Phone: `+1-556-${String(edit).padStart(5, '0')}` });
      }
    }),
  );
  await control('POST', '/_sandbox/stats/reset');
  const again = await bulk(startProgress());
  const againStats = await statsOf();
  console.log(`counts: ${JSON.stringify(again.counts)}`);
  console.log(`re-sync with 5 % changed: ${(againStats.books / again.counts.checked).toFixed(3)} Books calls per contact (goal ≤ 0.06)`);

  console.log(`\n— 3. live: ${LIVE_EDITS} edits over ${LIVE_SPAN_MS / 1000} s, polling every ${POLL_MS / 1000} s —\n`);
  const store = new MemoryLiveStore();
  const wf = workflow();
  const now = Date.now();
  const state: TriggerState = {
    workflowId: wf.id,
    active: true,
    activatedAt: now,
    pollIntervalMs: POLL_MS,
    checkpoint: null,
    lastPollAt: null,
    lastSuccessAt: null,
    nextPollAt: now,
    failures: 0,
    trouble: null,
    checkRequestedAt: null,
    updatedAt: now,
  };
  store.states.set(wf.id, state);
  const watcher = new WorkflowWatcher(wf.id, {
    store,
    http: port,
    clock: systemClock,
    limiter,
    slots,
    target: async () => ({ workflow: wf, problems: [], pollLinkName: 'bigin', linkNames: ['bigin', 'books'] }),
    runAlive: async () => false,
    defaultIntervalMs: () => POLL_MS,
    async startRun(_target, event) {
      const done = runWorkflow(
        plan,
        { record: event.record, event: event.event, dryRun: false, limits: QUEUED_RUN_LIMITS },
        { http: port, clock: systemClock, log: { emit() {} }, limiter, slots },
        new AbortController().signal,
      ).then((outcome) => ({ status: outcome.status, error: outcome.error ?? null }));
      return { runId: `run_bench${event.recordId}`, done };
    },
  });
  watcher.start();
  while (store.states.get(wf.id)?.checkpoint === null) await new Promise((r) => setTimeout(r, 200));
  port.writes.length = 0;
  const edited = new Map<string, number>();
  const targets = ours.slice(0, LIVE_EDITS);
  for (let i = 0; i < targets.length; i += 1) {
    const row = targets[i]!;
    const at = Date.now();
    await control('PATCH', `/_sandbox/bigin/contacts/${row.id}`, { Phone: `+1-557-${String(i).padStart(5, '0')}` });
    edited.set(String(row.Email).toLowerCase(), at);
    await new Promise((r) => setTimeout(r, Math.max(0, at + LIVE_SPAN_MS / LIVE_EDITS - Date.now())));
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && [...edited.keys()].some((email) => !port.writes.some((w) => w.email === email)))
    await new Promise((r) => setTimeout(r, 250));
  await watcher.stop();
  await watcher.idle();
  const lags = [...edited].map(([email, at]) => (port.writes.find((w) => w.email === email && w.at >= at)?.at ?? Number.NaN) - at);
  const missing = lags.filter((l) => Number.isNaN(l)).length;
  const p95 = quantile(
    lags.filter((l) => !Number.isNaN(l)),
    0.95,
  );
  console.log(
    `live: p95 ${Math.round(p95)} ms from edit to Books write (goal ≤ ${POLL_MS + 2000} ms); median ${Math.round(quantile(lags, 0.5))} ms; ${missing} edits not written`,
  );
  console.log(`\nsync: ${callsFirst.toFixed(3)} calls/contact, ${share.toFixed(1)} % of limit, ${firstStats.tooMany} × 429`);
} finally {
  child.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
