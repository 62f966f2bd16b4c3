import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AppDatabase,
  NEWER_VERSION_MESSAGE,
  clearStorageProblems,
  createWorkflow,
  database,
  getWorkflow,
  listWorkflows,
  markInterruptedRuns,
  pruneRuns,
  resetDatabaseForTests,
  saveRun,
  saveWorkflow,
  storageProblems,
  takePending,
  putPending,
  listRuns,
  logEntriesFor,
  getRun,
} from '../../../src/storage/index.ts';
import type { LogEntry, Run } from '../../../src/domain/index.ts';
import Dexie from 'dexie';

beforeEach(() => {
  resetDatabaseForTests(new AppDatabase(`repo-${crypto.randomUUID()}`));
  clearStorageProblems();
});
afterEach(() => resetDatabaseForTests());

function run(id: string, startedAt: number, status: Run['status'] = 'succeeded'): Run {
  return {
    id,
    workflowId: 'wf_abcdef01',
    workflowName: 'W',
    workflowRevision: 0,
    module: 'Contacts',
    event: 'create',
    record: {},
    mode: 'test',
    dryRun: false,
    status,
    startedAt,
    finishedAt: null,
    durationMs: null,
    nodeResults: {},
    error: null,
  };
}

describe('workflow repository', () => {
  it('skips and reports a corrupted row instead of throwing', async () => {
    const good = await createWorkflow({ name: 'Good' });
    await database().workflows.put({ id: 'wf_broken0001', name: 42, schemaVersion: 2, updatedAt: Date.now() });
    const list = await listWorkflows();
    expect(list.map((w) => w.id)).toEqual([good.id]);
    const problems = storageProblems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'STORAGE_CORRUPT_ROW', table: 'workflows', rowId: 'wf_broken0001' });
    expect(problems[0]?.message).toMatch(/damaged and was skipped/);
  });

  it('refuses a save based on an old revision and returns the stored copy', async () => {
    const created = await createWorkflow({ name: 'Shared' });
    const first = await saveWorkflow({ ...created, name: 'Tab A' });
    expect(first.ok).toBe(true);
    const stale = await saveWorkflow({ ...created, name: 'Tab B' });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.conflict.name).toBe('Tab A');
    const forced = await saveWorkflow({ ...created, name: 'Tab B' }, { force: true });
    expect(forced.ok).toBe(true);
    expect((await getWorkflow(created.id))?.name).toBe('Tab B');
  });
});

describe('runs repository', () => {
  it('marks runs left running as interrupted, never leaves them running', async () => {
    await saveRun(run('run_running01', 1000, 'running'));
    await saveRun(run('run_done0001', 900));
    const ids = await markInterruptedRuns(5000);
    expect(ids).toEqual(['run_running01']);
    const runs = await listRuns();
    expect(runs.find((r) => r.id === 'run_running01')).toMatchObject({ status: 'interrupted', durationMs: 4000, error: { code: 'RUN_INTERRUPTED' } });
    expect(runs.find((r) => r.id === 'run_done0001')?.status).toBe('succeeded');
  });

  it('saves a run with its last log lines in one transaction: both or neither', async () => {
    const line = (seq: number, message: string): LogEntry => ({ runId: 'run_final001', seq, time: 1, level: 'info', kind: 'info', message });
    await saveRun(run('run_final001', 1, 'running'));
    await expect(saveRun(run('run_final001', 1), [line(0, 'kept'), { ...line(1, 'bad'), level: 'loud' as never }])).rejects.toThrow();
    expect((await getRun('run_final001'))?.status).toBe('running');
    expect(await logEntriesFor('run_final001')).toEqual([]);
    await saveRun(run('run_final001', 1), [line(0, 'first'), line(1, 'last')]);
    expect((await getRun('run_final001'))?.status).toBe('succeeded');
    expect((await logEntriesFor('run_final001')).map((e) => e.message)).toEqual(['first', 'last']);
  });

  it('keeps only the newest runs under the retention setting', async () => {
    for (let i = 0; i < 5; i += 1) await saveRun(run(`run_keep000${i}`, i));
    expect(await pruneRuns(3)).toBe(2);
    expect((await listRuns()).map((r) => r.id)).toEqual(['run_keep0004', 'run_keep0003', 'run_keep0002']);
  });
});

describe('pending records', () => {
  it('can be taken once only', async () => {
    await putPending({ id: 'state-1', expiresAt: Date.now() + 60_000 });
    expect(await takePending('state-1')).toMatchObject({ id: 'state-1' });
    expect(await takePending('state-1')).toBeUndefined();
  });
});

describe('versionchange', () => {
  it('closes this connection and reports the newer-version banner when another tab upgrades', async () => {
    resetDatabaseForTests();
    const db = database();
    await db.open();
    const newer = new Dexie(db.name);
    newer.version(99).stores({ extra: '&id' });
    await newer.open();
    expect(db.isOpen()).toBe(false);
    expect(storageProblems().map((p) => p.message)).toContain(NEWER_VERSION_MESSAGE);
    newer.close();
    await Dexie.delete(db.name);
  });
});
