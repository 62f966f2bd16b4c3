/**
 * The runner's cluster mode end to end: three runner processes on one Redis of the test's own,
 * against a sandbox of its own, with the Books limit compressed to 1,000 calls per 10 s.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../../src/domain/index.ts';
import { RedisRunnerStore } from '../../../runner/store/redis.ts';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { activateSeed, contacts, ORG, spawnRunner, startSandbox, WORKFLOW_ID, type RunnerProcess, type Sandbox } from './support/cluster.ts';
import { startRedis, type TestRedis } from './support/redis.ts';

const BOOKS_LIMIT = { requests: 1_000, perMs: 10_000, key: 'organization' as const };
const POLL_MS = 1_000;
const CHANGE_QUEUE = `changes-zoho_books-${ORG}`;
const LOCK_MS = 3_000;

let sandbox: Sandbox;
let redis: TestRedis;
let store: RedisRunnerStore;
let queue: Queue;
let token: string;
const runners: RunnerProcess[] = [];

/** The test's own Redis clients wait through the restart (refused connections are expected then). */
function client(): Redis {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  connection.on('error', () => {});
  return connection;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawn(): RunnerProcess {
  const runner = spawnRunner({ redisUrl: redis.url, sandboxUrl: sandbox.url, token, booksLimit: BOOKS_LIMIT, lockMs: LOCK_MS });
  runners.push(runner);
  return runner;
}

/** Waits (up to a deadline, then fails with what it saw) for `done` to hold. */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still not there after ${deadlineMs} ms (last: ${JSON.stringify(value).slice(0, 300)})`);
    await sleep(250);
  }
}

async function runsOf(tag: string): Promise<Run[]> {
  const runs = await store.runs.listRuns({ workflowId: WORKFLOW_ID, limit: 100_000 });
  return runs.filter((run) => String(run.record.Last_Name ?? '').startsWith(`${tag} `));
}

async function booksContactsOf(tag: string): Promise<Map<string, number>> {
  const answer = await sandbox.control<{ contacts: { contact_name: string }[] }>('GET', `/_sandbox/books/contacts?organization_id=${ORG}`);
  const perName = new Map<string, number>();
  for (const contact of answer.contacts)
    if (contact.contact_name.includes(` ${tag} `)) perName.set(contact.contact_name, (perName.get(contact.contact_name) ?? 0) + 1);
  return perName;
}

async function queueSettled(): Promise<boolean> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

async function tooMany(): Promise<number> {
  const stats = await sandbox.control<{ services: { books: { statuses: Record<string, number> } } }>('GET', '/_sandbox/stats');
  return stats.services.books.statuses['429'] ?? 0;
}

/** Every change of the tag ran to success once, and Books holds one contact per email. */
async function expectEachOnce(tag: string, count: number): Promise<Run[]> {
  await until(
    `succeeded runs of ${tag}`,
    () => runsOf(tag),
    (list) => new Set(list.filter((r) => r.status === 'succeeded').map((r) => r.record.id)).size >= count,
  );
  await until('the change queue to settle', queueSettled, (settled) => settled);
  const succeeded = (await runsOf(tag)).filter((r) => r.status === 'succeeded');
  const perRecord = new Map<unknown, number>();
  for (const run of succeeded) perRecord.set(run.record.id, (perRecord.get(run.record.id) ?? 0) + 1);
  expect(perRecord.size).toBe(count);
  expect([...perRecord.values()].filter((n) => n !== 1)).toEqual([]);
  const books = await booksContactsOf(tag);
  expect(books.size).toBe(count);
  expect([...books.values()].filter((n) => n !== 1)).toEqual([]);
  return runsOf(tag);
}

beforeAll(async () => {
  [sandbox, redis] = await Promise.all([startSandbox(), startRedis({ persistent: true })]);
  token = (await getTokens(sandbox.url, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all'])).access_token;
  await sandbox.control('POST', '/_sandbox/settings', {
    booksRateLimit: { limit: BOOKS_LIMIT.requests, windowMs: BOOKS_LIMIT.perMs },
    booksDailyLimit: 10_000_000,
    accessTokenTtlSeconds: 86_400,
  });
  store = new RedisRunnerStore(client());
  queue = new Queue(CHANGE_QUEUE, { connection: client(), prefix: 'runner-bull' });
  queue.on('error', () => {});
  await activateSeed(store, POLL_MS);
  const three = [spawn(), spawn(), spawn()];
  await Promise.all(three.map((r) => r.ready));
  await until(
    'the baseline check',
    () => store.live.state(WORKFLOW_ID),
    (state) => state?.checkpoint !== null,
    20_000,
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await queue?.close();
  await store?.close();
  await redis?.close();
  await sandbox?.close();
}, 60_000);

describe('runner cluster on BullMQ', () => {
  it('three runners turn 1,000 Bigin changes into exactly 1,000 runs, one Books contact each, no 429', async () => {
    await sandbox.control('POST', '/_sandbox/stats/reset');
    await sandbox.control('POST', '/_sandbox/bigin/contacts/bulk', { contacts: contacts(1_000, 'many') });
    await expectEachOnce('many', 1_000);
    // The checks that follow read the same changes again (the overlap) and BullMQ drops them by id.
    await sleep(2 * POLL_MS);
    expect(await queueSettled()).toBe(true);
    const runs = await runsOf('many');
    expect(runs).toHaveLength(1_000);
    expect(runs.filter((r) => r.status !== 'succeeded')).toEqual([]);
    expect(await tooMany()).toBe(0);
    // Any process's store answers for the whole cluster: the log of a run is there too.
    const log = await store.runs.logEntries(runs[0]!.id);
    expect(log[0]?.message).toMatch(/^Live run: Bigin contact \d+ \(Create at /);
    expect(log.some((e) => e.message.startsWith('No Books contact has the email'))).toBe(true);
    // The runners' output never carries the access token they send with.
    for (const runner of runners) expect(runner.output()).not.toContain(token);
  }, 90_000);

  it('a runner killed with SIGKILL mid-way: its changes finish on the others, none twice', async () => {
    await sandbox.control('POST', '/_sandbox/bigin/contacts/bulk', { contacts: contacts(400, 'killed') });
    await until(
      'a quarter of the runs',
      () => runsOf('killed'),
      (list) => list.length >= 100,
    );
    const victim = runners[0]!;
    await victim.kill();
    const runs = await expectEachOnce('killed', 400);
    // A run cut off with its process is marked interrupted by the process that took its change over.
    const cutOff = runs.filter((r) => r.status === 'running');
    expect(cutOff).toEqual([]);
    expect(runs.filter((r) => r.status !== 'succeeded' && r.status !== 'interrupted')).toEqual([]);
    spawn();
  }, 90_000);

  it('Redis restarted mid-way (append-only file): the cluster carries on and loses nothing', async () => {
    await sandbox.control('POST', '/_sandbox/bigin/contacts/bulk', { contacts: contacts(400, 'restart') });
    await until(
      'a quarter of the runs',
      () => runsOf('restart'),
      (list) => list.length >= 100,
    );
    await redis.stop();
    // Away longer than the jobs' locks: runs that finish meanwhile cannot tell BullMQ, their jobs come
    // back to the workers, and each must keep its finished run instead of running its change again.
    await sleep(LOCK_MS + 1_000);
    await redis.restart();
    await expectEachOnce('restart', 400);
  }, 90_000);
});
