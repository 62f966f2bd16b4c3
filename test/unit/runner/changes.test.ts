/**
 * A change job that comes back to a worker: after a crash its earlier run is marked interrupted and the
 * change runs again; after a lost completion (Redis away while the lock lapsed) its finished run
 * stands and nothing runs twice.
 */
import type { Job, Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeProcessor, type ChangeJob } from '../../../runner/cluster/changes.ts';
import { openSqliteStore } from '../../../runner/store/sqlite.ts';
import type { RunnerStore } from '../../../runner/store/types.ts';
import { pendingEventKey, type PendingEvent, type Run } from '../../../src/domain/index.ts';
import type { HttpPort } from '../../../src/engine/ports.ts';
import { tempDir } from './helpers.ts';
import { activateSeed, WORKFLOW_ID } from './support/cluster.ts';

const RECORD = '4150868000000000042';
let store: RunnerStore;
let remove: () => void;
const started: string[][] = [];

const http: HttpPort = {
  describe: async (linkName) => ({
    linkName,
    serviceLinkName: `zoho_${linkName}`,
    serviceName: linkName,
    status: 'connected',
    dataCenterId: 'sandbox',
    isSandbox: true,
  }),
  send: async () => {
    throw new Error('no request is expected');
  },
  resolve: async (req) => ({ url: req.url }),
};

const event: PendingEvent = {
  key: pendingEventKey(WORKFLOW_ID, RECORD, 1_000),
  workflowId: WORKFLOW_ID,
  module: 'Contacts',
  recordId: RECORD,
  modifiedTime: '2026-12-05T08:00:01+00:00',
  modifiedAt: 1_000,
  event: 'create',
  record: { id: RECORD, Email: 'ada@example.com' },
  source: 'live',
  status: 'pending',
  runId: null,
  attempts: 0,
  detectedAt: 1_000,
  doneAt: null,
  error: null,
};

function earlierRun(status: Run['status'], error: Run['error'] = null): Run {
  return {
    id: 'run_earlier00001',
    workflowId: WORKFLOW_ID,
    workflowName: 'Seed',
    workflowRevision: 1,
    module: 'Contacts',
    event: 'create',
    record: event.record,
    mode: 'live',
    dryRun: false,
    status,
    startedAt: 1_000,
    finishedAt: status === 'running' ? null : 2_000,
    durationMs: status === 'running' ? null : 1_000,
    nodeResults: {},
    error,
  };
}

/** A job as BullMQ hands it to a processor the second time. */
function comeBack(runId: string): Job<ChangeJob> {
  const job: { data: ChangeJob; attemptsStarted: number; updateData(data: ChangeJob): Promise<void> } = {
    data: { event, runId },
    attemptsStarted: 2,
    updateData: async (data) => void (job.data = data),
  };
  return job as unknown as Job<ChangeJob>;
}

function processor() {
  return changeProcessor(
    {
      store,
      connections: store.connections,
      http,
      rateLimitWaitMs: 60_000,
      ports: {
        startRun: async (_target, _event, notes) => {
          started.push(notes);
          return { runId: 'run_again0000001', done: Promise.resolve({ status: 'succeeded' as const, error: null }) };
        },
      },
    },
    () => ({}) as Worker,
  );
}

beforeEach(async () => {
  const dir = tempDir();
  remove = dir.remove;
  store = openSqliteStore(dir.dir);
  await activateSeed(store, 1_000);
  started.length = 0;
});

afterEach(async () => {
  await store.close();
  remove();
});

describe('a change job that comes back', () => {
  it('keeps a run that finished before its completion was lost, and runs nothing again', async () => {
    await store.runs.saveRun(earlierRun('succeeded'));
    expect(await processor()(comeBack('run_earlier00001'), 'lock')).toEqual({ runId: 'run_earlier00001', status: 'succeeded' });
    expect(started).toEqual([]);
  });

  it('marks a run cut off by a crash interrupted and runs the change again, saying so', async () => {
    await store.runs.saveRun(earlierRun('running'));
    expect(await processor()(comeBack('run_earlier00001'), 'lock')).toEqual({ runId: 'run_again0000001', status: 'succeeded' });
    expect(started).toEqual([['Resumed: an earlier attempt at this change did not finish (attempt 2)']]);
    expect((await store.runs.getRun('run_earlier00001'))?.status).toBe('interrupted');
  });

  it('runs again a change whose earlier run failed for a reason that passes (the network)', async () => {
    await store.runs.saveRun(earlierRun('failed', { code: 'HTTP_NETWORK', message: 'No answer' }));
    expect(await processor()(comeBack('run_earlier00001'), 'lock')).toEqual({ runId: 'run_again0000001', status: 'succeeded' });
    expect(started).toHaveLength(1);
  });
});
