import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.ts';
import type { Run } from '../../../src/domain/index.ts';
import {
  connectViaCli,
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
import { startRedis, type TestRedis } from './support/redis.ts';

/**
 * `npm run runner` itself in cluster mode: with REDIS_URL set, the commands add the workflow and
 * authorize its connections into Redis (not the local SQLite file), and the serving process runs the
 * changes from there.
 */
let sandbox: RunningSandbox;
let redis: TestRedis;
let env: RunnerEnv;
let serving: Spawned | null = null;
let remove: () => void;
let dir = '';

beforeAll(async () => {
  [sandbox, redis] = await Promise.all([startSandbox({ port: 0, dataDir: ':memory:' }), startRedis()]);
  const t = tempDir();
  remove = t.remove;
  dir = t.dir;
  env = { ...runnerEnv(join(t.dir, 'data'), await freePort(), `http://127.0.0.1:${sandbox.port}`), REDIS_URL: redis.url };
}, 60_000);

afterAll(async () => {
  if (serving) await stopServing(serving, 'SIGKILL');
  await Promise.all([sandbox.close(), redis.close()]);
  remove();
});

describe('the runner CLI with REDIS_URL', () => {
  it('adds, connects and runs through the cluster store', { timeout: 120_000 }, async () => {
    const added = await runCli(['add', writeTemplate(dir)], env);
    expect(added.code, added.stderr).toBe(0);
    for (const linkName of ['bigin', 'books']) {
      const connected = await connectViaCli(env, linkName);
      expect(connected.finished.code, connected.finished.stderr).toBe(0);
    }
    // Another machine's view: no local database, only the shared Redis.
    const elsewhere = { ...env, RUNNER_DATA: join(dir, 'other-node') };
    const listed = await runCli(['connections'], elsewhere);
    expect(listed.stdout).toMatch(/bigin[\s\S]*connected/);
    expect(listed.stdout).toMatch(/books[\s\S]*connected/);

    serving = await startServing(env);
    const health = (await (await fetch(`http://127.0.0.1:${env.RUNNER_PORT}/health`)).json()) as { mode: string };
    expect(health.mode).toBe('cluster');
    const paired = await runCli(['pair'], env);
    const code = /once\): (\S+)/.exec(paired.stdout)?.[1] ?? '';
    const pairing = await fetch(`http://127.0.0.1:${env.RUNNER_PORT}/pair`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    const { token } = (await pairing.json()) as { token: string };
    const api = async <T>(path: string): Promise<T> =>
      (await (await fetch(`http://127.0.0.1:${env.RUNNER_PORT}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
    await waitFor(
      'the first poll',
      async () => (await api<{ workflows: { trigger: { lastSuccessAt: number | null } }[] }>('/workflows')).workflows[0]?.trigger.lastSuccessAt,
      60_000,
    );

    const created = await fetch(new URL('/_sandbox/bigin/contacts', sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Last_Name: 'Hopper', First_Name: 'Grace', Email: 'grace.cluster@example.com' }),
    });
    const contactId = ((await created.json()) as { data: { id: string } }).data.id;
    const run = await waitFor(
      'a succeeded run for Grace',
      async () => (await api<{ runs: Run[] }>('/runs?limit=50')).runs.find((r) => r.record.id === contactId && r.status === 'succeeded'),
      60_000,
    );
    expect(run.mode).toBe('live');
    const books = (await (await fetch(new URL(`/_sandbox/books/contacts?organization_id=${ORG}`, sandbox.url))).json()) as { contacts: object[] };
    expect(books.contacts.filter((c) => JSON.stringify(c).includes('grace.cluster@example.com'))).toHaveLength(1);
    const runs = await runCli(['runs'], elsewhere);
    expect(runs.stdout).toContain('succeeded');
  });
});
