/**
 * `npm run bench:relay`: the seed workflow 300 times straight to the lenient sandbox vs through the
 * relay to the same sandbox, in one run (goal: throughput ratio ≥ 0.9, the median of the rounds' ratios),
 * then the relay's resident memory after 1,000 and after 10,000 forwarded requests counted from the end
 * of a warm-up, each after a full garbage collection (goal: flat). The engine runs in Node with an HTTP
 * port that sends one attempt with `fetch`, as the app's port does in the browser. The CPU time each
 * process spends per request shows how far a CPU-bound comparison on this machine can go.
 * BENCH_RELAY_PROFILE=<folder> also writes the relay's CPU profile there (node --cpu-prof).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
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
/**
 * Direct and relay rounds alternate, and which goes first swaps every round, so load from other work
 * on the machine and the JIT warming up fall on both alike.
 */
const ROUNDS = 6;
const CONCURRENCY = 6;
const ORG = '10234695';
const APP_ORIGIN = 'http://localhost:5173';
const MEMORY_WARM_UP = 2_000;
const MEMORY_CHECKPOINTS = [1_000, 10_000];
/** Linux reports a process's CPU time in clock ticks of 10 ms (USER_HZ). */
const TICK_MS = 10;

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
  const child = fork('bench/relay-child.ts', {
    execArgv: [
      '--expose-gc',
      ...(process.env.BENCH_RELAY_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_RELAY_PROFILE}`] : []),
      '--import',
      'tsx',
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((done, fail) => {
    child.once('message', (message) => {
      const { url, code } = message as { url: string; code: string };
      done({ child, url, code });
    });
    child.once('exit', (code) => fail(new Error(`relay exited with ${code}`)));
  });
}

/** Asks the relay child over IPC; it answers each question with one message. */
function ask<T>(child: ChildProcess, question: 'memory' | 'cpu'): Promise<T> {
  return new Promise((done) => {
    child.once('message', (message) => done(message as T));
    child.send(question);
  });
}

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** The relay's memory after a full garbage collection (MB). */
async function memoryMb(child: ChildProcess): Promise<Memory> {
  const bytes = await ask<Memory>(child, 'memory');
  const mb = (value: number) => value / 1024 / 1024;
  return { rss: mb(bytes.rss), heapUsed: mb(bytes.heapUsed), heapTotal: mb(bytes.heapTotal), external: mb(bytes.external) };
}

/** CPU time (user + system, ms) of another process, from /proc (fields 14 and 15 of its stat line). */
function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

interface CpuClocks {
  client: () => number;
  sandbox: () => number;
  relay: () => Promise<number>;
}

async function cpuNow(clocks: CpuClocks): Promise<{ client: number; sandbox: number; relay: number }> {
  return { client: clocks.client(), sandbox: clocks.sandbox(), relay: await clocks.relay() };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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
function httpPort(route: Route, token: string, sent: { count: number }): HttpPort {
  const info = (linkName: string): ConnectionInfo | null =>
    linkName === 'bigin_conn' || linkName === 'books_conn'
      ? {
          linkName,
          serviceLinkName: linkName === 'bigin_conn' ? 'zoho_bigin' : 'zoho_books',
          serviceName: linkName,
          status: 'connected',
          dataCenterId: 'sandbox',
          isSandbox: true,
        }
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
      sent.count += 1;
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
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
const children: ChildProcess[] = [];
try {
  const sandboxStart = await startChild(
    'sandbox/main.ts',
    { SANDBOX_PORT: '0', SANDBOX_DATA_DIR: join(dir, 'sandbox') },
    /listening on (http:\/\/localhost:\d+)/,
  );
  children.push(sandboxStart.child);
  const sandbox = sandboxStart.match[1] as string;
  const config = join(dir, 'relay.json');
  writeFileSync(config, '{}');
  chmodSync(config, 0o600);
  const relayStart = await startRelayChild({
    RELAY_PORT: '0',
    RELAY_CONFIG: config,
    RELAY_STATE_FILE: join(dir, 'pairing.json'),
    RELAY_SANDBOX_ORIGIN: sandbox,
    RELAY_APP_ORIGINS: APP_ORIGIN,
  });
  children.push(relayStart.child);
  const relay = relayStart.url;
  const paired = await fetch(`${relay}/_relay/pair`, {
    method: 'POST',
    headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ code: relayStart.code }),
  });
  const pairingToken = ((await paired.json()) as { token: string }).token;

  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${sandbox}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return response.json();
  };
  await control('POST', '/_sandbox/settings', { booksRateLimitEnabled: false, booksDailyLimit: 10_000_000, accessTokenTtlSeconds: 86_400 });
  const token = (await getTokens(sandbox, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all'])).access_token;
  const seed = async (count: number, tag: string) => {
    const ids: Record<string, string>[] = [];
    for (let i = 0; i < count; i += 1) {
      const fields = {
        First_Name: 'Relay',
        Last_Name: `${tag} ${i}`,
        Email: `relay.${tag}.${i}@example.com`,
        Phone: `+1-555-${String(i).padStart(4, '0')}`,
      };
      const created = (await control('POST', '/_sandbox/bigin/contacts', fields)) as { data: { id: string } };
      ids.push({ id: created.data.id, ...fields });
    }
    return ids;
  };

  const direct: Route = { base: sandbox, headers: {} };
  const viaRelay: Route = { base: relay, headers: { origin: APP_ORIGIN, 'x-relay-target': sandbox, 'x-relay-token': pairingToken } };
  const plan = seedPlan();
  const clocks: CpuClocks = {
    client: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
    sandbox: () => procCpuMs(sandboxStart.child.pid ?? 0),
    relay: async () => (await ask<{ cpuMicros: number }>(relayStart.child, 'cpu')).cpuMicros / 1000,
  };
  const runAll = async (route: Route, contacts: Record<string, string>[]) => {
    const sent = { count: 0 };
    const http = httpPort(route, token, sent);
    const slots = createOriginSlots();
    let failed = 0;
    const cpuBefore = await cpuNow(clocks);
    const started = performance.now();
    await pool(contacts, async (record) => {
      const outcome = await runWorkflow(
        plan,
        { record, event: 'create', dryRun: false },
        { http, clock: systemClock, log: { emit: () => undefined }, slots },
        new AbortController().signal,
      );
      if (outcome.status !== 'succeeded') failed += 1;
    });
    const ms = performance.now() - started;
    const cpuAfter = await cpuNow(clocks);
    if (failed > 0) throw new Error(`${failed} runs failed`);
    const cpu = {
      client: cpuAfter.client - cpuBefore.client,
      sandbox: cpuAfter.sandbox - cpuBefore.sandbox,
      relay: cpuAfter.relay - cpuBefore.relay,
    };
    return { ms, runs: contacts.length, requests: sent.count, cpu };
  };

  await runAll(direct, await seed(30, 'warm-direct'));
  await runAll(viaRelay, await seed(30, 'warm-relay'));
  type Arm = 'direct' | 'relay';
  const ratios: number[] = [];
  const totals: Record<Arm, { runs: number; requests: number; client: number; sandbox: number; relay: number }> = {
    direct: { runs: 0, requests: 0, client: 0, sandbox: 0, relay: 0 },
    relay: { runs: 0, requests: 0, client: 0, sandbox: 0, relay: 0 },
  };
  for (let round = 1; round <= ROUNDS; round += 1) {
    const order: Array<[Arm, Route]> =
      round % 2 === 1
        ? [
            ['direct', direct],
            ['relay', viaRelay],
          ]
        : [
            ['relay', viaRelay],
            ['direct', direct],
          ];
    const perSecond: Partial<Record<Arm, number>> = {};
    for (const [name, route] of order) {
      const result = await runAll(route, await seed(Math.ceil(RUNS / ROUNDS), `${name}${round}`));
      perSecond[name] = (result.runs * 1000) / result.ms;
      const total = totals[name];
      total.runs += result.runs;
      total.requests += result.requests;
      total.client += result.cpu.client;
      total.sandbox += result.cpu.sandbox;
      total.relay += result.cpu.relay;
      console.log(
        `${name.padEnd(7)} round ${round}: ${result.runs} runs in ${result.ms.toFixed(0)} ms → ${(perSecond[name] ?? 0).toFixed(1)} runs/s`,
      );
    }
    ratios.push((perSecond.relay ?? 0) / (perSecond.direct ?? 1));
  }
  const ratio = median(ratios);
  console.log(
    `throughput through the relay / direct, median of ${ROUNDS} rounds: ${ratio.toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≥ 0.9: ${ratio >= 0.9 ? 'met' : 'not met'})`,
  );
  const perRequest = (arm: Arm, who: 'client' | 'sandbox' | 'relay') => totals[arm][who] / totals[arm].requests;
  for (const arm of ['direct', 'relay'] as const) {
    console.log(
      `CPU per request ${arm.padEnd(6)} (${totals[arm].requests} requests): client ${perRequest(arm, 'client').toFixed(2)} ms, sandbox ${perRequest(arm, 'sandbox').toFixed(2)} ms, relay ${perRequest(arm, 'relay').toFixed(2)} ms`,
    );
  }
  const directCpu = perRequest('direct', 'client') + perRequest('direct', 'sandbox');
  const relayCpu = perRequest('relay', 'client') + perRequest('relay', 'sandbox') + perRequest('relay', 'relay');
  console.log(
    `${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}: client, sandbox and relay share them, so when the CPU is the limit the ratio cannot exceed ` +
      `${(directCpu / relayCpu).toFixed(2)} (CPU per request direct ${directCpu.toFixed(2)} ms vs through the relay ${relayCpu.toFixed(2)} ms); ` +
      `with a core to spare for the relay and a real network in between, its ${perRequest('relay', 'relay').toFixed(2)} ms per request is all it adds`,
  );

  const [contact] = await seed(1, 'memory');
  const path = `/bigin/v2/Contacts/${contact?.id ?? ''}`;
  const forward = (count: number) =>
    pool(
      Array.from({ length: count }, (_, i) => i),
      async () => {
        const response = await fetch(`${relay}${path}`, { headers: { ...viaRelay.headers, authorization: `Zoho-oauthtoken ${token}` } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`relay answered ${response.status}`);
      },
    );
  await forward(MEMORY_WARM_UP);
  const warm = await memoryMb(relayStart.child);
  console.log(`relay after a warm-up of ${MEMORY_WARM_UP.toLocaleString('en')} requests: rss ${warm.rss.toFixed(1)} MB`);
  let sent = 0;
  const memory: Memory[] = [];
  for (const checkpoint of MEMORY_CHECKPOINTS) {
    await forward(checkpoint - sent);
    sent = checkpoint;
    const now = await memoryMb(relayStart.child);
    memory.push(now);
    console.log(
      `relay after ${checkpoint.toLocaleString('en')} more requests: rss ${now.rss.toFixed(1)} MB, V8 heap ${now.heapUsed.toFixed(1)} MB live of ${now.heapTotal.toFixed(1)} MB, external ${now.external.toFixed(1)} MB`,
    );
  }
  const [first, last] = memory as [Memory, Memory];
  const growth = last.rss - first.rss;
  const heapGrowth = last.heapUsed - first.heapUsed;
  console.log(
    `growth 1,000 → 10,000 requests: rss ${growth.toFixed(1)} MB, live heap ${heapGrowth.toFixed(1)} MB (goal: flat, under 10 MB: rss ${growth < 10 ? 'met' : 'not met'}, heap ${heapGrowth < 10 ? 'met' : 'not met'})`,
  );
  console.log(`relay: ratio ${ratio.toFixed(2)} vs direct, rss ${first.rss.toFixed(1)} MB → ${last.rss.toFixed(1)} MB`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
