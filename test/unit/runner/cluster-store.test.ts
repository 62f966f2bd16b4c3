/** RedisRunnerStore against a real Redis of the test's own, and the cluster's pure sizing and settings. */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId, pendingEventKey, type PendingEvent, type Run, type TriggerState } from '../../../src/domain/index.ts';
import { MemoryLiveStore } from '../../../src/engine/live/memoryStore.ts';
import { cachedConnectionList } from '../../../runner/cluster/connectionList.ts';
import { laneOf, limiterFor } from '../../../runner/cluster/lanes.ts';
import { tuningFromEnv } from '../../../runner/cluster/tuning.ts';
import { RedisRunnerStore } from '../../../runner/store/redis.ts';
import { seedWorkflow } from './support/cluster.ts';
import { startRedis, type TestRedis } from './support/redis.ts';

let redis: TestRedis;
let client: Redis;
let store: RedisRunnerStore;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});
beforeEach(async () => {
  await client.flushall();
  store = new RedisRunnerStore(new Redis(redis.url), { runRetention: 3 });
});
afterEach(async () => {
  await store.close();
});
afterAll(async () => {
  await client.quit();
  await redis.close();
});

const WF = 'wf_storetest000001';

function state(patch: Partial<TriggerState> = {}): TriggerState {
  return {
    workflowId: WF,
    active: true,
    activatedAt: 1,
    pollIntervalMs: 2_000,
    checkpoint: null,
    lastPollAt: null,
    lastSuccessAt: null,
    nextPollAt: null,
    failures: 0,
    trouble: null,
    checkRequestedAt: null,
    updatedAt: 1,
    ...patch,
  };
}

function event(recordId: string, modifiedAt: number): PendingEvent {
  return {
    key: pendingEventKey(WF, recordId, modifiedAt),
    workflowId: WF,
    module: 'Contacts',
    recordId,
    modifiedTime: new Date(modifiedAt).toISOString(),
    modifiedAt,
    event: 'edit',
    record: { id: recordId },
    source: 'live',
    status: 'pending',
    runId: null,
    attempts: 0,
    detectedAt: 5,
    doneAt: null,
    error: null,
  };
}

function run(startedAt: number, patch: Partial<Run> = {}): Run {
  return {
    id: newId('run'),
    workflowId: WF,
    workflowName: 'Sync',
    workflowRevision: 1,
    module: 'Contacts',
    event: 'create',
    record: { id: '1' },
    mode: 'live',
    dryRun: false,
    status: 'succeeded',
    startedAt,
    finishedAt: startedAt + 5,
    durationMs: 5,
    nodeResults: {},
    error: null,
    ...patch,
  };
}

describe('RedisRunnerStore: live', () => {
  it('commits a poll as the memory store does: queued keys kept, snapshots and checkpoint written', async () => {
    const memory = new MemoryLiveStore();
    memory.states.set(WF, state());
    await store.live.putState(state());
    const checkpoint = { modifiedTime: '2026-12-04T10:00:00+05:30', seen: [], readUpTo: 42 };
    const first = { events: [event('r1', 20), event('r2', 10)], snapshots: [], state: { checkpoint, failures: 0 } };
    const again = {
      events: [{ ...event('r1', 20), detectedAt: 99 }, event('r3', 30)],
      snapshots: [{ key: `${WF}|r1`, workflowId: WF, recordId: 'r1', values: { Email: 'a@example.com' } }],
      state: { lastSuccessAt: 7 },
    };
    for (const target of [memory, store.live]) {
      expect(await target.commitPoll(WF, first)).toBe(true);
      expect(await target.commitPoll(WF, again)).toBe(true);
    }
    expect(await store.live.queuedEvents(WF, 10)).toEqual(await memory.queuedEvents(WF, 10));
    expect((await store.live.queuedEvents(WF, 10)).map((e) => [e.recordId, e.detectedAt])).toEqual([
      ['r2', 5],
      ['r1', 5],
      ['r3', 5],
    ]);
    expect(await store.live.state(WF)).toEqual(await memory.state(WF));
    expect(await store.live.snapshots(WF, ['r1', 'r9'])).toEqual(new Map([['r1', { Email: 'a@example.com' }]]));
  });

  it('writes nothing once the workflow is switched off, and patches only a state that exists', async () => {
    await store.live.putState(state({ active: false }));
    expect(await store.live.commitPoll(WF, { events: [event('r1', 1)], snapshots: [], state: { failures: 3 } })).toBe(false);
    expect(await store.live.queuedEvents(WF, 10)).toEqual([]);
    expect((await store.live.state(WF))?.failures).toBe(0);
    await store.live.updateState('wf_nosuchworkflow01', { failures: 2 });
    expect(await store.live.state('wf_nosuchworkflow01')).toBeUndefined();
    await store.live.updateState(WF, { failures: 2, trouble: { code: 'HTTP_NETWORK', message: 'down', since: 3 } });
    expect(await store.live.state(WF)).toMatchObject({ failures: 2, trouble: { code: 'HTTP_NETWORK' }, active: false });
  });

  it('a done change leaves the queue; forget drops the state, queue and snapshots', async () => {
    await store.live.putState(state());
    await store.live.commitPoll(WF, { events: [event('r1', 1), event('r2', 2)], snapshots: [], state: {} });
    await store.live.updateEvent(pendingEventKey(WF, 'r1', 1), { status: 'done', doneAt: 9 });
    expect((await store.live.queuedEvents(WF, 10)).map((e) => e.recordId)).toEqual(['r2']);
    expect((await store.live.states()).map((s) => s.workflowId)).toEqual([WF]);
    await store.live.forget(WF);
    expect(await store.live.states()).toEqual([]);
    expect(await store.live.state(WF)).toBeUndefined();
    expect(await store.live.queuedEvents(WF, 10)).toEqual([]);
  });
});

describe('RedisRunnerStore: runs, logs, workflows', () => {
  it('lists runs newest first, by workflow and status, pages with before, and prunes past retention with logs', async () => {
    const runs = [run(10), run(20, { status: 'failed' }), run(30), run(40, { workflowId: 'wf_otherworkflow001' })];
    for (const r of runs) await store.runs.saveRun(r);
    await store.runs.appendLogEntries([
      { runId: runs[0]!.id, seq: 1, time: 1, level: 'info', kind: 'info', message: 'second' },
      { runId: runs[0]!.id, seq: 0, time: 1, level: 'info', kind: 'info', message: 'first' },
    ]);
    expect((await store.runs.listRuns({})).map((r) => r.startedAt)).toEqual([40, 30, 20, 10]);
    expect((await store.runs.listRuns({ workflowId: WF, limit: 2 })).map((r) => r.startedAt)).toEqual([30, 20]);
    expect((await store.runs.listRuns({ status: 'failed' })).map((r) => r.startedAt)).toEqual([20]);
    expect((await store.runs.listRuns({ before: 30 })).map((r) => r.startedAt)).toEqual([20, 10]);
    expect((await store.runs.logEntries(runs[0]!.id)).map((e) => e.message)).toEqual(['first', 'second']);
    await store.runs.saveRun({ ...runs[0]!, status: 'failed' }, [
      { runId: runs[0]!.id, seq: 2, time: 2, level: 'error', kind: 'error', message: 'last' },
    ]);
    expect((await store.runs.getRun(runs[0]!.id))?.status).toBe('failed');
    expect((await store.runs.logEntries(runs[0]!.id)).map((e) => e.message)).toEqual(['first', 'second', 'last']);
    expect(await store.runs.pruneRuns(await store.runs.runRetention())).toBe(1);
    expect(await store.runs.getRun(runs[0]!.id)).toBeUndefined();
    expect(await store.runs.logEntries(runs[0]!.id)).toEqual([]);
  });

  it('prunes at most once a second, however many runs finish', async () => {
    let now = 1_000_000;
    const spaced = new RedisRunnerStore(new Redis(redis.url), { runRetention: 1, prefix: 'spaced', now: () => now });
    await spaced.runs.saveRun(run(10));
    await spaced.runs.saveRun(run(20));
    expect(await spaced.runs.pruneRuns(1)).toBe(1);
    await spaced.runs.saveRun(run(30));
    expect(await spaced.runs.pruneRuns(1)).toBe(0);
    now += 1_000;
    expect(await spaced.runs.pruneRuns(1)).toBe(1);
    expect((await spaced.runs.listRuns({})).map((r) => r.startedAt)).toEqual([30]);
    await spaced.close();
  });

  it('marks only runs still going as interrupted', async () => {
    const going = run(10, { status: 'running', finishedAt: null, durationMs: null });
    const done = run(20);
    await store.runs.saveRun(going);
    await store.runs.saveRun(done);
    await store.runs.interruptRuns([going.id, done.id, 'run_nosuchrun000000001']);
    expect(await store.runs.getRun(going.id)).toMatchObject({ status: 'interrupted', error: { code: 'RUN_INTERRUPTED' } });
    expect(await store.runs.getRun(done.id)).toEqual(done);
  });

  it('keeps workflows and connections for every process, and refuses a malformed workflow', async () => {
    const workflow = seedWorkflow(WF);
    await store.workflows.put(workflow);
    const other = new RedisRunnerStore(new Redis(redis.url));
    expect(await other.workflows.get(WF)).toEqual(workflow);
    expect((await other.workflows.list()).map((w) => w.id)).toEqual([WF]);
    await other.close();
    await expect(store.workflows.put({ ...workflow, id: 'not-an-id' })).rejects.toThrow();
    await store.workflows.remove(WF);
    expect(await store.workflows.get(WF)).toBeUndefined();
  });
});

describe('cluster sizing and settings', () => {
  it('spaces runs so the provider limit holds with a share in reserve', () => {
    // Books: 100 calls a minute per organization, 2 calls per run of the seed → 48 runs a minute, one
    // every 1.25 s; a minute holds at most 50 of them (100 calls) even with one starting late.
    expect(limiterFor({ requests: 100, perMs: 60_000, key: 'organization' }, 2)).toEqual({ max: 1, duration: 1_250 });
    // 1,000 per 10 s: 485 runs planned, 15 in reserve → bursts of 7 every 145 ms; 485 + 2 × 7 ≤ 500.
    expect(limiterFor({ requests: 1_000, perMs: 10_000, key: 'organization' }, 2)).toEqual({ max: 7, duration: 145 });
    expect(limiterFor({ requests: 1, perMs: 1_000, key: 'connection' }, 2)).toEqual({ max: 1, duration: 1_000 });
  });

  it('puts the seed workflow in its Books organization queue', async () => {
    const books = { requests: 100, perMs: 60_000, key: 'organization' as const };
    const http = {
      describe: async (linkName: string) =>
        linkName === 'books'
          ? {
              linkName,
              serviceLinkName: 'zoho_books',
              serviceName: 'Zoho Books',
              status: 'connected' as const,
              dataCenterId: 'us',
              isSandbox: false,
              rateLimit: books,
            }
          : null,
      send: async () => {
        throw new Error('no sends here');
      },
    };
    expect(await laneOf(seedWorkflow(), http)).toEqual({
      queueName: 'changes-zoho_books-10234695',
      limiter: { max: 1, duration: 1_250 },
      rateLimit: books,
      callsPerRun: 2,
    });
  });

  it('reads the connection list through a short cache that a write clears', async () => {
    let reads = 0;
    let now = 0;
    const entries: { connection: { linkName: string }; sealedSecrets: null }[] = [];
    const base = {
      get: async () => undefined,
      put: async () => {},
      remove: async () => {},
      list: async () => {
        reads += 1;
        return [...entries] as never[];
      },
    };
    const cached = cachedConnectionList(base, 1_000, () => now);
    await cached.list();
    await cached.list();
    expect(reads).toBe(1);
    now = 1_000;
    await cached.list();
    expect(reads).toBe(2);
    await cached.put({} as never);
    await cached.list();
    expect(reads).toBe(3);
  });

  it('reads its knobs from the environment and says which one is wrong', () => {
    expect(tuningFromEnv({})).toEqual({ concurrency: 8, lockMs: 30_000, refreshMs: 5_000 });
    expect(tuningFromEnv({ RUNNER_CLUSTER_CONCURRENCY: '3', RUNNER_CLUSTER_LOCK_MS: '4000' })).toMatchObject({ concurrency: 3, lockMs: 4_000 });
    expect(() => tuningFromEnv({ RUNNER_CLUSTER_LOCK_MS: '10' })).toThrow(
      'RUNNER_CLUSTER_LOCK_MS must be a whole number from 1000 to 600000, got "10"',
    );
    expect(() => tuningFromEnv({ RUNNER_CLUSTER_CONCURRENCY: 'many' })).toThrow('RUNNER_CLUSTER_CONCURRENCY must be a whole number');
  });
});
