/**
 * `npm run bench:relay`: the seed workflow 300 times straight to the lenient sandbox vs through the
 * relay to the same sandbox, in one run (goal: throughput ratio ≥ 0.9), then the relay's resident
 * memory after 1,000 and after 10,000 forwarded requests, each after a full garbage collection (goal:
 * flat). The engine runs in Node with an HTTP port that sends one attempt with `fetch`, as the app's
 * port does in the browser.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTokens } from '../sandbox/testing/oauth-client.ts';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../src/domain/index.ts';
import { compileWorkflow, type Plan } from '../src/engine/compile.ts';
import { systemClock } from '../src/engine/clock.ts';
import { createOriginSlots } from '../src/engine/http/originSlots.ts';
import { requestUrl } from '../src/engine/http/url.ts';
import type { ConnectionInfo, HttpPort } from '../src/engine/ports.ts';
import { runWorkflow } from '../src/engine/runner.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
/** Direct and relay rounds alternate, so load from other work on the machine falls on both alike. */
const ROUNDS = 6;
const CONCURRENCY = 6;
const ORG = '10234695';
const APP_ORIGIN = 'http://localhost:5173';
const MEMORY_CHECKPOINTS = [1_000, 10_000];

/**
 * Starts a TypeScript child with tsx as a loader (so its pid is the server itself, whose memory is
 * measured) and resolves with the first match of `ready` in its output.
 */
function startChild(script: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    let found = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (found) return;
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) {
        found = true;
        done({ child, match });
      }
    });
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
  });
}

/** The relay in a child of its own (bench/relay-child.ts), with IPC for its address and its memory. */
function startRelayChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; code: string }> {
  const child = fork('bench/relay-child.ts', { execArgv: ['--expose-gc', '--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((done, fail) => {
    child.once('message', (message) => {
      const { url, code } = message as { url: string; code: string };
      done({ child, url, code });
    });
    child.once('exit', (code) => fail(new Error(`relay exited with ${code}`)));
  });
}

/** The relay's resident memory and live JavaScript heap after a full garbage collection (MB). */
function memoryMb(child: ChildProcess): Promise<{ rss: number; heap: number }> {
  return new Promise((done) => {
    child.once('message', (message) => {
      const { rss, heapUsed } = message as { rss: number; heapUsed: number };
      done({ rss: rss / 1024 / 1024, heap: heapUsed / 1024 / 1024 });
    });
    child.send('rss');
  });
}

function seedPlan(): Plan {
  const built = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  for (const node of built.nodes)
    if (node.type === 'function') {
      node.config.connections = { bigin: 'bigin_conn', books: 'books_conn' };
      node.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: ORG } };
    }
  const connections = [
    { linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin', status: 'connected' as const },
    { linkName: 'books_conn', serviceLinkName: 'zoho_books', status: 'connected' as const },
  ];
  return compileWorkflow({ id: 'wf_relaybench', name: built.name, revision: 1, nodes: built.nodes, edges: built.edges }, { connections });
}

interface Route {
  base: string;
  headers: Record<string, string>;
}

/** One attempt per request to `route.base` + the written path, Zoho's main hosts standing for the sandbox. */
function httpPort(route: Route, token: string): HttpPort {
  const info = (linkName: string): ConnectionInfo | null =>
    linkName === 'bigin_conn' || linkName === 'books_conn'
      ? { linkName, serviceLinkName: linkName === 'bigin_conn' ? 'zoho_bigin' : 'zoho_books', serviceName: linkName, status: 'connected', dataCenterId: 'sandbox', isSandbox: true }
      : null;
  return {
    describe: (linkName) => Promise.resolve(info(linkName)),
    async send(req, { signal }) {
      const written = new URL(requestUrl(req));
      const url = `${route.base}${written.pathname}${written.search}`;
      const headers: Record<string, string> = { ...route.headers, authorization: `Zoho-oauthtoken ${token}`, ...req.headers };
      let body: string | undefined;
      if (req.body?.kind === 'json') {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.body.value);
      }
      const response = await fetch(url, { method: req.method, headers, ...(body === undefined ? {} : { body }), signal });
      const bodyText = await response.text();
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => (out[key] = value));
      return { status: response.status, headers: out, bodyText, url };
    },
  };
}

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
const children: ChildProcess[] = [];
try {
  const sandboxStart = await startChild('sandbox/main.ts', { SANDBOX_PORT: '0', SANDBOX_DATA_DIR: join(dir, 'sandbox') }, /listening on (http:\/\/localhost:\d+)/);
  children.push(sandboxStart.child);
  const sandbox = sandboxStart.match[1] as string;
  const config = join(dir, 'relay.json');
  writeFileSync(config, '{}');
  chmodSync(config, 0o600);
  const relayStart = await startRelayChild({ RELAY_PORT: '0', RELAY_CONFIG: config, RELAY_STATE_FILE: join(dir, 'pairing.json'), RELAY_SANDBOX_ORIGIN: sandbox, RELAY_APP_ORIGINS: APP_ORIGIN });
  children.push(relayStart.child);
  const relay = relayStart.url;
  const paired = await fetch(`${relay}/_relay/pair`, { method: 'POST', headers: { origin: APP_ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ code: relayStart.code }) });
  const pairingToken = ((await paired.json()) as { token: string }).token;

  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${sandbox}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return response.json();
  };
  await control('POST', '/_sandbox/settings', { booksRateLimitEnabled: false, booksDailyLimit: 10_000_000, accessTokenTtlSeconds: 86_400 });
  const token = (await getTokens(sandbox, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all'])).access_token;
  const seed = async (count: number, tag: string) => {
    const ids: Record<string, string>[] = [];
    for (let i = 0; i < count; i += 1) {
      const fields = { First_Name: 'Relay', Last_Name: `${tag} ${i}`, Email: `relay.${tag}.${i}@example.com`, Phone: `+1-555-${String(i).padStart(4, '0')}` };
      const created = (await control('POST', '/_sandbox/bigin/contacts', fields)) as { data: { id: string } };
      ids.push({ id: created.data.id, ...fields });
    }
    return ids;
  };

  const direct: Route = { base: sandbox, headers: {} };
  const viaRelay: Route = { base: relay, headers: { origin: APP_ORIGIN, 'x-relay-target': sandbox, 'x-relay-token': pairingToken } };
  const plan = seedPlan();
  const runAll = async (route: Route, contacts: Record<string, string>[]) => {
    const http = httpPort(route, token);
    const slots = createOriginSlots();
    let failed = 0;
    const started = performance.now();
    await pool(contacts, async (record) => {
      const outcome = await runWorkflow(plan, { record, event: 'create', dryRun: false }, { http, clock: systemClock, log: { emit: () => undefined }, slots }, new AbortController().signal);
      if (outcome.status !== 'succeeded') failed += 1;
    });
    const ms = performance.now() - started;
    if (failed > 0) throw new Error(`${failed} runs failed`);
    return { ms, runs: contacts.length };
  };

  await runAll(direct, await seed(30, 'warm-direct'));
  await runAll(viaRelay, await seed(30, 'warm-relay'));
  const totals = { direct: { ms: 0, runs: 0 }, relay: { ms: 0, runs: 0 } };
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [name, route] of [['direct', direct], ['relay', viaRelay]] as const) {
      const result = await runAll(route, await seed(Math.ceil(RUNS / ROUNDS), `${name}${round}`));
      totals[name].ms += result.ms;
      totals[name].runs += result.runs;
      console.log(`${name.padEnd(7)} round ${round}: ${result.runs} runs in ${result.ms.toFixed(0)} ms → ${((result.runs * 1000) / result.ms).toFixed(1)} runs/s`);
    }
  }
  const perSecond = (t: { ms: number; runs: number }) => (t.runs * 1000) / t.ms;
  const ratio = perSecond(totals.relay) / perSecond(totals.direct);
  console.log(`throughput through the relay / direct: ${ratio.toFixed(3)} (${perSecond(totals.relay).toFixed(1)} vs ${perSecond(totals.direct).toFixed(1)} runs/s; goal ≥ 0.9: ${ratio >= 0.9 ? 'met' : 'not met'})`);

  const [contact] = await seed(1, 'memory');
  const path = `/bigin/v2/Contacts/${contact?.id ?? ''}`;
  let sent = 0;
  const rss: number[] = [];
  const heap: number[] = [];
  for (const checkpoint of MEMORY_CHECKPOINTS) {
    const batch = Array.from({ length: checkpoint - sent }, (_, i) => i);
    await pool(batch, async () => {
      const response = await fetch(`${relay}${path}`, { headers: { ...viaRelay.headers, authorization: `Zoho-oauthtoken ${token}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`relay answered ${response.status}`);
    });
    sent = checkpoint;
    const memory = await memoryMb(relayStart.child);
    rss.push(memory.rss);
    heap.push(memory.heap);
    console.log(`relay after ${checkpoint.toLocaleString('en')} requests: rss ${memory.rss.toFixed(1)} MB, live heap ${memory.heap.toFixed(1)} MB`);
  }
  const growth = (rss[1] ?? 0) - (rss[0] ?? 0);
  const heapGrowth = (heap[1] ?? 0) - (heap[0] ?? 0);
  console.log(`growth 1,000 → 10,000 requests: rss ${growth.toFixed(1)} MB, live heap ${heapGrowth.toFixed(1)} MB (goal: flat, under 10 MB: rss ${growth < 10 ? 'met' : 'not met'}, heap ${heapGrowth < 10 ? 'met' : 'not met'})`);
  console.log(`relay: ratio ${ratio.toFixed(2)} vs direct, rss ${rss[0]?.toFixed(1)} MB → ${rss[1]?.toFixed(1)} MB`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
