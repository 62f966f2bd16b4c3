/**
 * `npm run bench:sandbox`: requests per second the local Zoho sandbox serves for contact reads and creates,
 * with the Books rate limit off. The sandbox runs in its own process (as under `npm start`), on a temporary
 * data folder; this process is the client, over keep-alive HTTP on loopback.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTokens } from '../sandbox/testing/oauth-client.ts';

const DURATION_MS = Number(process.env.BENCH_MS ?? 3000);
const CONCURRENCY = 16;
const ORG = '10234695';
const READ_TARGET = 2000;
const POLL_RECORDS = 10_000;

const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
const child = spawn(join('node_modules', '.bin', 'tsx'), ['sandbox/main.ts', '--fresh'], {
  env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const url = /listening on (http:\/\/localhost:\d+)/.exec(out)?.[1];
    if (url) resolve(url.replace('localhost', '127.0.0.1'));
  });
  child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
});

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      { method, agent, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Result {
  name: string;
  perSecond: number;
  ok: number;
  failed: number;
  p50: number;
  p99: number;
}

/** Runs `op` from CONCURRENCY loops for DURATION_MS; `op(i)` gets a unique sequence number. */
async function measure(name: string, op: (i: number) => Promise<boolean>): Promise<Result> {
  let seq = 0;
  let ok = 0;
  let failed = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        if (await op(seq++)) ok++;
        else failed++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { name, perSecond: ok / seconds, ok, failed, p50: pct(0.5), p99: pct(0.99) };
}

try {
  await send('POST', '/_sandbox/settings', { 'content-type': 'application/json' }, JSON.stringify({ booksRateLimitEnabled: false }));
  const { access_token } = await getTokens(base, ['ZohoBooks.fullaccess.all', 'ZohoBigin.modules.ALL']);
  const auth = { authorization: `Zoho-oauthtoken ${access_token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const booksList = JSON.parse((await send('GET', `/books/v3/contacts?organization_id=${ORG}`, auth)).text) as { contacts: { contact_id: string }[] };
  const booksId = booksList.contacts[0]?.contact_id ?? '';
  const biginList = JSON.parse((await send('GET', '/bigin/v2/Contacts?per_page=1', auth)).text) as { data: { id: string }[] };
  const biginId = biginList.data[0]?.id ?? '';

  // Warm-up: let the server's JIT settle on the read paths before anything is timed.
  const warmEnd = performance.now() + 1000;
  while (performance.now() < warmEnd) {
    await Promise.all([
      send('GET', `/books/v3/contacts/${booksId}?organization_id=${ORG}`, auth),
      send('GET', `/books/v3/contacts?organization_id=${ORG}&email=maya.goldberg@example.com`, auth),
      send('GET', `/bigin/v2/Contacts/${biginId}`, auth),
      send('GET', '/bigin/v2/Contacts/search?email=wen.li@tidewater.example', auth),
    ]);
  }

  const reads = [
    await measure(
      'Books  GET contact by id',
      async () => (await send('GET', `/books/v3/contacts/${booksId}?organization_id=${ORG}`, auth)).status === 200,
    ),
    await measure(
      'Books  GET contacts?email= (search)',
      async () => (await send('GET', `/books/v3/contacts?organization_id=${ORG}&email=maya.goldberg@example.com`, auth)).status === 200,
    ),
    await measure('Bigin  GET Contacts/{id}', async () => (await send('GET', `/bigin/v2/Contacts/${biginId}`, auth)).status === 200),
    await measure(
      'Bigin  GET Contacts/search?email=',
      async () => (await send('GET', '/bigin/v2/Contacts/search?email=wen.li@tidewater.example', auth)).status === 200,
    ),
  ];
  const creates = [
    await measure(
      'Books  POST contact (JSON)',
      async (i) =>
        (
          await send(
            'POST',
            `/books/v3/contacts?organization_id=${ORG}`,
            json,
            JSON.stringify({ contact_name: `Bench ${i}`, contact_persons: [{ last_name: `Bench ${i}`, email: `bench${i}@example.com` }] }),
          )
        ).status === 201,
    ),
    await measure(
      'Bigin  POST Contacts',
      async (i) =>
        (await send('POST', '/bigin/v2/Contacts', json, JSON.stringify({ data: [{ Last_Name: `Bench ${i}`, Email: `bench${i}@example.com` }] })))
          .status === 201,
    ),
  ];

  // Live-trigger polling over a larger module: 10,000 more contacts seeded in one control-plane call.
  const seedStart = performance.now();
  const contacts = Array.from({ length: POLL_RECORDS }, (_, i) => ({ Last_Name: `Poll ${i}`, Email: `poll${i}@example.com` }));
  const seeded = await send('POST', '/_sandbox/bigin/contacts/bulk', { 'content-type': 'application/json' }, JSON.stringify({ contacts }));
  const seedMs = performance.now() - seedStart;
  if (seeded.status !== 201) throw new Error(`bulk seed answered ${seeded.status}`);
  const poll = '/bigin/v2/Contacts?fields=Email,Modified_Time,Created_Time&sort_by=Modified_Time&sort_order=asc&per_page=200';
  const newest = JSON.parse((await send('GET', poll.replace('asc', 'desc').replace('per_page=200', 'per_page=1'), auth)).text) as {
    data: { Modified_Time: string }[];
  };
  const quiet = { ...auth, 'if-modified-since': newest.data[0]?.Modified_Time ?? '' };
  // Sockets left idle while the seed ran may be past the server's keep-alive timeout: poll on fresh ones.
  agent.destroy();
  const polls = [
    await measure('Bigin  poll, nothing changed (304)', async () => (await send('GET', poll, quiet)).status === 304),
    await measure('Bigin  poll, first page of all (200)', async () => (await send('GET', poll, auth)).status === 200),
  ];

  const row = (r: Result) =>
    `  ${r.name.padEnd(38)} ${r.perSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms${r.failed ? `   FAILED ${r.failed}` : ''}`;
  console.log(`Zoho sandbox, rate limiting off, ${CONCURRENCY} concurrent keep-alive clients, ${DURATION_MS / 1000} s per case`);
  console.log(
    `Machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work skews these figures)`,
  );
  console.log('Reads:');
  for (const r of reads) console.log(row(r));
  console.log('Creates:');
  for (const r of creates) console.log(row(r));
  console.log(`Polling, after seeding ${POLL_RECORDS} more Bigin contacts in one bulk call (${seedMs.toFixed(0)} ms):`);
  for (const r of polls) console.log(row(r));
  const minRead = Math.min(...reads.map((r) => r.perSecond));
  const minCreate = Math.min(...creates.map((r) => r.perSecond));
  console.log(`Slowest read: ${minRead.toFixed(0)} reads/s (target >= ${READ_TARGET}: ${((minRead / READ_TARGET) * 100).toFixed(0)} %)`);
  console.log(`Slowest create: ${minCreate.toFixed(0)} creates/s`);
  if (minRead < READ_TARGET) console.log(`BELOW TARGET by ${(READ_TARGET - minRead).toFixed(0)} reads/s`);
} finally {
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
