import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import fixture from '../../fixtures/db-v1.json' with { type: 'json' };
import { AppDatabase, CURRENT_DB_VERSION, SCHEMA_V1 } from '../../../src/storage/index.ts';
import { resetDatabaseForTests, getWorkflow, getConnection, getRun, logEntriesFor, listRuns } from '../../../src/storage/index.ts';

const name = () => `upgrade-${crypto.randomUUID()}`;

async function createV1Database(dbName: string): Promise<void> {
  const v1 = new Dexie(dbName);
  v1.version(1).stores(SCHEMA_V1);
  await v1.open();
  await v1.table('connections').bulkAdd(fixture.connections);
  await v1.table('workflows').bulkAdd(fixture.workflows);
  await v1.table('runs').bulkAdd(fixture.runs);
  await v1.table('logs').bulkAdd(fixture.logs);
  v1.close();
}

afterEach(() => resetDatabaseForTests());

describe('database upgrade from version 1', () => {
  it('opens a version-1 database at the current version with every row intact and workflows migrated', async () => {
    const dbName = name();
    await createV1Database(dbName);
    const db = new AppDatabase(dbName);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    resetDatabaseForTests(db);

    const workflow = await getWorkflow('wf_fixture0001');
    expect(workflow).toBeDefined();
    expect(workflow?.schemaVersion).toBe(2);
    expect(workflow?.layout.nodes).toEqual({ trigger: { x: 10, y: 20 }, has_email: { x: 10, y: 180 } });
    expect(workflow?.nodes.map((n) => n.id)).toEqual(['trigger', 'has_email']);
    expect(workflow?.nodes[0]).not.toHaveProperty('position');

    const connection = await getConnection('conn_fixture0001');
    expect(connection?.linkName).toBe('bigin_connection');
    expect(connection?.status).toBe('connected');

    expect((await getRun('run_fixture0001'))?.status).toBe('succeeded');
    expect(await logEntriesFor('run_fixture0001')).toHaveLength(1);
    // The version-2 compound index works on upgraded rows.
    expect((await listRuns({ workflowId: 'wf_fixture0001' })).map((r) => r.id)).toEqual(['run_fixture0001']);
  });
});
