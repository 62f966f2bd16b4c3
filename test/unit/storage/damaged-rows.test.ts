import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fixture from '../../fixtures/db-v1.json' with { type: 'json' };
import {
  AppDatabase,
  SCHEMA_V1,
  clearStorageProblems,
  createWorkflow,
  database,
  getWorkflow,
  getWorkflowHistory,
  listConnections,
  listCustomServices,
  listRuns,
  listWorkflows,
  logEntriesFor,
  resetDatabaseForTests,
  storageProblems,
} from '../../../src/storage/index.ts';

/** A version-1 workflow that lost its `nodes`: the v1 → v2 step cannot read it. */
const V1_WITHOUT_NODES = { id: 'wf_nonodes01', name: 'Damaged old sync', schemaVersion: 1, edges: [], createdAt: 1, updatedAt: 2 };

beforeEach(() => clearStorageProblems());
afterEach(() => resetDatabaseForTests());

function damagedIds(): string[] {
  return storageProblems()
    .filter((p) => p.code === 'STORAGE_CORRUPT_ROW')
    .map((p) => `${p.table}:${p.rowId ?? ''}`);
}

describe('a damaged or unmigratable row', () => {
  it('regression: a v1 workflow without nodes no longer makes listWorkflows reject; the others load', async () => {
    resetDatabaseForTests(new AppDatabase(`damaged-${crypto.randomUUID()}`));
    const good = await createWorkflow({ name: 'Good' });
    await database().workflows.put(structuredClone(V1_WITHOUT_NODES));

    const listed = await listWorkflows();
    expect(listed.map((w) => w.id)).toEqual([good.id]);
    expect(await getWorkflow(V1_WITHOUT_NODES.id)).toBeUndefined();
    expect(damagedIds()).toEqual(['workflows:wf_nonodes01']);
    expect(storageProblems()[0]?.message).toMatch(/damaged and was skipped: nodes: /);
    // Kept untouched for recovery.
    expect(await database().workflows.get(V1_WITHOUT_NODES.id)).toEqual(V1_WITHOUT_NODES);
  });

  it('regression: does not abort the version upgrade; good rows migrate, the damaged one is kept as stored', async () => {
    const name = `damaged-upgrade-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1.table('workflows').bulkAdd([...fixture.workflows, structuredClone(V1_WITHOUT_NODES)]);
    v1.close();

    const db = new AppDatabase(name);
    await db.open();
    resetDatabaseForTests(db);

    const listed = await listWorkflows();
    expect(listed.map((w) => w.id)).toEqual(fixture.workflows.map((w) => w.id));
    expect(listed[0]?.schemaVersion).toBe(2);
    expect(damagedIds()).toEqual(['workflows:wf_nonodes01']);
    expect(await db.workflows.get(V1_WITHOUT_NODES.id)).toEqual(V1_WITHOUT_NODES);
  });

  it('is skipped and reported in every table, while the good rows of that table load', async () => {
    resetDatabaseForTests(new AppDatabase(`damaged-${crypto.randomUUID()}`));
    const db = database();
    const [goodConnection] = fixture.connections;
    const [goodRun] = fixture.runs;
    const [goodLog] = fixture.logs;
    if (!goodConnection || !goodRun || !goodLog) throw new Error('fixture changed');
    await db.connections.bulkPut([goodConnection, { ...goodConnection, id: 'conn_broken001', linkName: 'broken', status: 'sideways' }]);
    await db.services.put({ id: 'svc_broken001', name: 'Broken', linkName: 'broken_service', authType: 'carrier-pigeon' });
    await db.runs.bulkPut([goodRun, { ...goodRun, id: 'run_broken001', startedAt: 'yesterday' }]);
    await db.logs.bulkPut([goodLog, { ...goodLog, seq: 99, level: 'loud' }]);
    await db.history.put({ workflowId: 'wf_fixture0001', past: 'not a list', future: [] });

    expect((await listConnections()).map((c) => c.id)).toEqual([goodConnection.id]);
    expect(await listCustomServices()).toEqual([]);
    expect((await listRuns()).map((r) => r.id)).toEqual([goodRun.id]);
    expect((await logEntriesFor(goodLog.runId)).map((e) => e.seq)).toEqual([goodLog.seq]);
    expect(await getWorkflowHistory('wf_fixture0001')).toBeUndefined();

    expect(damagedIds().sort()).toEqual(['connections:conn_broken001', 'services:svc_broken001', 'runs:run_broken001', 'logs:', 'history:'].sort());
    expect(await db.connections.count()).toBe(2);
  });
});
