import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecrets } from '../../../runner/secrets/connectionSecrets.ts';
import { openSqliteStore } from '../../../runner/store/sqlite.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.ts';
import type { LogEntry, Run } from '../../../src/domain/index.ts';
import {
  connectViaCli,
  dataBytes,
  ORG,
  runCli,
  runnerEnv,
  startServing,
  stopServing,
  tempDir,
  waitFor,
  writeTemplate,
  type RunnerEnv,
  type Spawned,
} from './helpers.ts';
import { freePort } from '../../support/ports.ts';

/**
 * The embedded runner end to end, as separate processes: the template workflow added from its export,
 * both services connected through the runner's own consent flow, Bigin changes synced to Books, a
 * crash mid-run, and a clean stop with edits made while it was down.
 */
let sandbox: RunningSandbox;
let env: RunnerEnv;
let serving: Spawned | null = null;
let remove: () => void;
let token = '';
/** Everything the runner printed, from every process, for the no-secrets check. */
let printed = '';
const oauthCodes: string[] = [];

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(path, sandbox.url), {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const createContact = async (lastName: string, email: string) =>
  (await control<{ data: { id: string } }>('POST', '/_sandbox/bigin/contacts', { Last_Name: lastName, First_Name: 'Ada', Email: email })).data.id;
const editContact = (id: string, lastName: string) => control('PATCH', `/_sandbox/bigin/contacts/${id}`, { Last_Name: lastName });
const booksContacts = async (email: string) =>
  (await control<{ contacts: object[] }>('GET', `/_sandbox/books/contacts?organization_id=${ORG}`)).contacts.filter((c) =>
    JSON.stringify(c).includes(email),
  );

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${env.RUNNER_PORT}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as T;
}

const runsOf = async (recordId: string) => (await api<{ runs: Run[] }>('/runs?limit=200')).runs.filter((r) => r.record.id === recordId);

async function start(): Promise<void> {
  serving = await startServing(env);
}

async function stop(signal: NodeJS.Signals): Promise<number | null> {
  const running = serving;
  serving = null;
  if (!running) return null;
  const done = await stopServing(running, signal);
  printed += done.stdout + done.stderr;
  return done.code;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: ':memory:' });
  const t = tempDir();
  remove = t.remove;
  env = runnerEnv(join(t.dir, 'data'), await freePort(), `http://127.0.0.1:${sandbox.port}`);
  const added = await runCli(['add', writeTemplate(t.dir)], env);
  printed += added.stdout + added.stderr;
  expect(added.code).toBe(0);
  await start();
  for (const linkName of ['bigin', 'books']) {
    const connected = await connectViaCli(env, linkName);
    printed += connected.finished.stdout + connected.finished.stderr;
    expect(connected.finished.code).toBe(0);
    oauthCodes.push(connected.callback.searchParams.get('code') ?? '');
    // The serving runner took this callback; its state works once.
    expect((await fetch(connected.callback)).status).toBe(400);
  }
  const paired = await runCli(['pair'], env);
  const code = /once\): (\S+)/.exec(paired.stdout)?.[1] ?? '';
  const res = await fetch(`http://127.0.0.1:${env.RUNNER_PORT}/pair`, {
    method: 'POST',
    headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  token = ((await res.json()) as { token: string }).token;
}, 120_000);

afterAll(async () => {
  await stop('SIGKILL');
  await sandbox.close();
  remove();
});

describe('the embedded runner against the sandbox', () => {
  let ada = '';

  it('syncs a created contact to Books, then an edit, one Books contact each', { timeout: 90_000 }, async () => {
    const workflows = await api<{ workflows: { active: boolean; linkNames: { status: string }[] }[] }>('/workflows');
    expect(workflows.workflows[0]?.linkNames.map((l) => l.status)).toEqual(['connected', 'connected']);
    // The first poll takes the baseline; a contact made before it would be "already seen".
    await waitFor(
      'the first poll',
      async () => (await api<{ workflows: { trigger: { lastSuccessAt: number | null } }[] }>('/workflows')).workflows[0]?.trigger.lastSuccessAt,
    );

    ada = await createContact('Lovelace', 'ada.runner@example.com');
    await waitFor('Ada in Books', async () => (await booksContacts('ada.runner@example.com')).length > 0);
    await editContact(ada, 'Byron');
    await waitFor('the edit synced', async () => JSON.stringify(await booksContacts('ada.runner@example.com')).includes('Byron'));
    expect(await booksContacts('ada.runner@example.com')).toHaveLength(1);

    const runs = await waitFor('two finished runs for Ada', async () => {
      const list = await runsOf(ada);
      return list.length === 2 && list.every((r) => r.status === 'succeeded') && list;
    });
    expect(runs.map((r) => [r.event, r.mode, r.status])).toEqual([
      ['edit', 'live', 'succeeded'],
      ['create', 'live', 'succeeded'],
    ]);
    const detail = await api<{ run: Run; log: LogEntry[] }>(`/runs/${runs[1]?.id}`);
    expect(detail.log[0]?.message).toMatch(/^Live run: Bigin contact \d+ \(Create at /);
    expect(detail.log.some((e) => e.kind === 'http')).toBe(true);
  });

  it('resumes a run cut off by a crash, with no duplicate in Books', { timeout: 90_000 }, async () => {
    // The Books write hangs, so the crash lands in the middle of the run.
    await control('POST', '/_sandbox/faults', {
      match: { method: 'POST', pathPrefix: '/books/v3/contacts' },
      count: 1,
      action: { delayMs: 60_000, drop: 'before' },
    });
    const grace = await createContact('Hopper', 'grace.runner@example.com');
    await waitFor('the hanging Books write', async () => (await control<unknown[]>('GET', '/_sandbox/faults')).length === 0);
    const cut = await waitFor('a running run for Grace', async () => (await runsOf(grace)).find((r) => r.status === 'running'));
    expect(await stop('SIGKILL')).toBeNull();
    await control('DELETE', '/_sandbox/faults');

    await start();
    await waitFor('Grace in Books', async () => (await booksContacts('grace.runner@example.com')).length > 0);
    const runs = await waitFor('the resumed run', async () => {
      const list = await runsOf(grace);
      return list.some((r) => r.status === 'succeeded') && list;
    });
    expect(runs.find((r) => r.id === cut.id)).toMatchObject({ status: 'interrupted', error: { code: 'RUN_INTERRUPTED' } });
    const resumed = runs.find((r) => r.status === 'succeeded') as Run;
    const log = (await api<{ log: LogEntry[] }>(`/runs/${resumed.id}`)).log;
    expect(log.map((e) => e.message)).toContain('Resumed: an earlier attempt at this change did not finish (attempt 2)');
    expect(runs).toHaveLength(2);
    expect(await booksContacts('grace.runner@example.com')).toHaveLength(1);
  });

  it('keeps its checkpoint across a clean stop and runs the changes made while it was down', { timeout: 90_000 }, async () => {
    const before = (await runsOf(ada)).length;
    expect(await stop('SIGTERM')).toBe(0);
    await editContact(ada, 'King');
    const alan = await createContact('Turing', 'alan.runner@example.com');

    await start();
    await waitFor('the edit made while down', async () => JSON.stringify(await booksContacts('ada.runner@example.com')).includes('King'));
    await waitFor('the contact made while down', async () => (await booksContacts('alan.runner@example.com')).length > 0);
    await waitFor(
      'both runs finished',
      async () => (await runsOf(alan)).some((r) => r.status === 'succeeded') && (await runsOf(ada)).length === before + 1,
    );
    // Nothing ran twice: one new run for Ada's one edit, none again for her earlier changes.
    expect((await runsOf(ada)).map((r) => r.event)).toEqual(['edit', 'edit', 'create']);
    expect(await booksContacts('ada.runner@example.com')).toHaveLength(1);
    expect(await booksContacts('alan.runner@example.com')).toHaveLength(1);
  });

  it('keeps no token in its files, its output or its API answers', { timeout: 90_000 }, async () => {
    const answers = JSON.stringify(await api('/runs?limit=200')) + JSON.stringify(await api('/workflows'));
    expect(await stop('SIGTERM')).toBe(0);
    const store = openSqliteStore(env.RUNNER_DATA);
    const key = Buffer.from(env.RUNNER_KEY ?? '', 'base64');
    const secrets: string[] = [];
    for (const entry of await store.connections.list()) {
      const opened = openSecrets(key, entry.connection.linkName, entry.sealedSecrets ?? '');
      secrets.push(opened.accessToken, ...(opened.refreshToken ? [opened.refreshToken] : []));
    }
    const logs = (await Promise.all((await store.runs.listRuns({ limit: 200 })).map((r) => store.runs.logEntries(r.id)))).flat();
    await store.close();
    expect(secrets).toHaveLength(4);
    const bytes = dataBytes(env.RUNNER_DATA);
    for (const secret of [...secrets, ...oauthCodes, token]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(printed).not.toContain(secret);
      expect(answers).not.toContain(secret);
      expect(JSON.stringify(logs)).not.toContain(secret);
    }
  });
});
