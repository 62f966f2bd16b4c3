/**
 * `npm run bench:engine`:
 * 1. engine cost per node with an in-memory HTTP port (bench/engine-core.ts);
 * 2. N seed-workflow runs through the engine vs the same requests as a plain `fetch` loop, both in
 *    one headless-Chromium page against the sandbox with rate limits off, 6 in flight: throughput ratio;
 * 3. a bulk sync of 1,000 contacts under a Books limit scaled to 100 requests/second: share of the
 *    limit used and the number of 429s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../test/support/ports.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { getTokens } from '../sandbox/testing/oauth-client.ts';
import type { BenchContact, BenchResult, BenchSetup } from './pages/engine.ts';

const N = Number(process.env.BENCH_RUNS ?? 300);
const BULK = 1000;
const CONCURRENCY = 6;
/**
 * Runs in flight for the bulk case. The engine keeps at most 6 requests per origin on the wire (the
 * browser's HTTP/1.1 limit) and gives a request its rate-limit turn only once it holds one of those,
 * so extra runs wait in the engine, never in the browser after the limiter; they keep the connections
 * busy with Bigin reads while Books requests wait for their turn.
 */
const BULK_CONCURRENCY = Number(process.env.BENCH_BULK_RUNS ?? 24);
const ORG = '10234695';
const BULK_LIMIT = { requests: 100, perMs: 1000 };

console.log('— 1. engine cost per node, in-memory port —\n');
await import('./engine-core.ts');

const pagePort = await freePort();
const pageOrigin = `http://127.0.0.1:${pagePort}`;
const dataDir = mkdtempSync(join(tmpdir(), 'engine-bench-'));
const sandboxProcess = spawn(join('node_modules', '.bin', 'tsx'), ['sandbox/main.ts', '--fresh'], {
  env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir, SANDBOX_APP_ORIGINS: `${pageOrigin},http://localhost:5173` },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const sandbox = await new Promise<string>((done, fail) => {
  let out = '';
  sandboxProcess.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const url = /listening on (http:\/\/localhost:\d+)/.exec(out)?.[1];
    if (url) done(url);
  });
  sandboxProcess.on('exit', (code) => fail(new Error(`sandbox exited with ${code}`)));
});

const outDir = resolve('.test-output/bench-engine');
let server: Awaited<ReturnType<typeof preview>> | undefined;
let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function seedContacts(count: number, tag: string): Promise<BenchContact[]> {
  const out: BenchContact[] = new Array<BenchContact>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        const fields = {
          First_Name: 'Bench',
          Last_Name: `${tag} ${i}`,
          Email: `bench.${tag}.${i}@example.com`,
          Phone: `+1-555-${String(i).padStart(4, '0')}`,
        };
        const created = (await control('POST', '/_sandbox/bigin/contacts', fields)) as { data: { id: string } };
        out[i] = { id: created.data.id, ...fields };
      }
    }),
  );
  return out;
}

const perSecond = (r: BenchResult) => (r.runs * 1000) / r.ms;
const line = (label: string, r: BenchResult) =>
  `${label.padEnd(28)} ${String(r.runs).padStart(5)} runs ${r.ms.toFixed(0).padStart(7)} ms ${perSecond(r).toFixed(1).padStart(8)} runs/s ${String(r.requests).padStart(6)} requests  statuses ${JSON.stringify(r.statuses)}  mean latency Bigin ${r.meanLatencyMs.bigin.toFixed(1)} ms, Books ${r.meanLatencyMs.books.toFixed(1)} ms; most in flight ${r.mostInFlight}${r.failed ? `  FAILED ${r.failed}: ${r.firstError ?? ''}` : ''}`;

try {
  await build({
    configFile: false,
    root: resolve('bench/pages'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: resolve('bench/pages/engine.html') } },
  });
  server = await preview({
    configFile: false,
    root: resolve('bench/pages'),
    logLevel: 'warn',
    build: { outDir },
    preview: { port: pagePort, host: '127.0.0.1', strictPort: true },
  });

  const token = (await getTokens(sandbox, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all'])).access_token;
  await control('POST', '/_sandbox/settings', { booksRateLimitEnabled: false, booksDailyLimit: 10_000_000, accessTokenTtlSeconds: 86_400 });
  const warm = await seedContacts(60, 'warm');
  const rounds = [await seedContacts(N, 'e1'), await seedContacts(N, 'f1'), await seedContacts(N, 'e2'), await seedContacts(N, 'f2')];
  const bulk = await seedContacts(BULK, 'bulk');

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  await page.goto(`${pageOrigin}/engine.html`);
  await page.waitForFunction(() => document.title === 'Engine benchmark ready');

  const setup: BenchSetup = { sandbox, token, org: ORG, concurrency: CONCURRENCY };
  const engine = (contacts: BenchContact[], s: BenchSetup = setup) =>
    page.evaluate(([s, c]) => window.bench.engineRuns(s, c), [s, contacts] as const);
  const plain = (contacts: BenchContact[]) => page.evaluate(([s, c]) => window.bench.fetchLoop(s, c), [setup, contacts] as const);

  console.log(`\n— 2. seed workflow in headless Chromium vs a plain fetch loop, ${CONCURRENCY} in flight, rate limits off —\n`);
  await engine(warm.slice(0, 30));
  await plain(warm.slice(30));
  const results: { engine: BenchResult[]; fetch: BenchResult[] } = { engine: [], fetch: [] };
  for (const [i, contacts] of rounds.entries()) {
    const kind = i % 2 === 0 ? 'engine' : 'fetch';
    const result = kind === 'engine' ? await engine(contacts) : await plain(contacts);
    results[kind].push(result);
    console.log(line(kind === 'engine' ? `engine (round ${i / 2 + 1})` : `plain fetch (round ${(i + 1) / 2})`, result));
  }
  const total = (rs: BenchResult[]) => rs.reduce((a, r) => ({ runs: a.runs + r.runs, ms: a.ms + r.ms }), { runs: 0, ms: 0 });
  const e = total(results.engine);
  const f = total(results.fetch);
  const ratio = e.runs / e.ms / (f.runs / f.ms);
  console.log(
    `\nthroughput ratio engine / fetch: ${ratio.toFixed(3)}  (${((e.runs * 1000) / e.ms).toFixed(1)} vs ${((f.runs * 1000) / f.ms).toFixed(1)} runs/s; goal ≥ 0.9: ${ratio >= 0.9 ? 'met' : 'not met'})`,
  );

  console.log(
    `\n— 3. bulk: ${BULK} contacts, Books limited to ${BULK_LIMIT.requests} requests per ${BULK_LIMIT.perMs} ms, ${BULK_CONCURRENCY} runs in flight, at most 6 requests on the wire —\n`,
  );
  await control('POST', '/_sandbox/settings', {
    booksRateLimitEnabled: true,
    booksRateLimit: { limit: BULK_LIMIT.requests, windowMs: BULK_LIMIT.perMs },
  });
  // Let any window from earlier traffic pass.
  await new Promise((done) => setTimeout(done, BULK_LIMIT.perMs + 100));
  const bulkResult = await engine(bulk, { ...setup, concurrency: BULK_CONCURRENCY, booksRateLimit: { ...BULK_LIMIT, key: 'organization' } });
  console.log(line('engine, bulk', bulkResult));
  // A sliding window lets the first `limit` requests through at once; every later window is the rate-bound part.
  const fullRateMs = ((bulkResult.booksRequests - BULK_LIMIT.requests) / BULK_LIMIT.requests) * BULK_LIMIT.perMs;
  const share = fullRateMs / bulkResult.ms;
  const tooMany = bulkResult.statuses['429'] ?? 0;
  console.log(
    `Books requests ${bulkResult.booksRequests} in ${(bulkResult.ms / 1000).toFixed(2)} s → ${((bulkResult.booksRequests * 1000) / bulkResult.ms).toFixed(1)} requests/s; share of the limit used ${(share * 100).toFixed(1)} % (goal ≥ 95 %: ${share >= 0.95 ? 'met' : 'not met'}); 429 answers ${tooMany} (goal 0: ${tooMany === 0 ? 'met' : 'not met'})`,
  );
} finally {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.httpServer.close(() => done()) : done()));
  sandboxProcess.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
