import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Service, newId } from '../../../src/domain/index.ts';
import { AppDatabase } from '../../../src/storage/db.ts';
import { database, openDatabase, resetDatabaseForTests, BLOCKED_MESSAGE } from '../../../src/storage/lifecycle.ts';
import { clearStorageProblems, onStorageProblems, reportStorageProblem, storageProblems } from '../../../src/storage/problems.ts';
import { getSettings, saveSettings } from '../../../src/storage/settings.ts';
import { restoreBackup } from '../../../src/storage/backup.ts';
import { deleteCustomService, getCustomService, listCustomServices, saveCustomService } from '../../../src/storage/services.ts';
import {
  createWorkflow,
  deleteWorkflow,
  duplicateWorkflow,
  getWorkflow,
  getWorkflowHistory,
  listWorkflows,
  restoreWorkflow,
  saveWorkflowHistory,
} from '../../../src/storage/workflows.ts';
import { updateConnection, connectionLinkNames } from '../../../src/storage/connections.ts';

beforeEach(() => {
  resetDatabaseForTests(new AppDatabase(`misc-${crypto.randomUUID()}`));
  clearStorageProblems();
});
afterEach(() => resetDatabaseForTests());

function customService(name: string): Service {
  return Service.parse({
    id: newId('service'),
    kind: 'custom',
    name,
    linkName: name.toLowerCase().replaceAll(' ', '_'),
    category: 'Custom',
    authType: 'none',
    dataCenters: [{ id: 'global', label: 'Default', apiOrigins: ['https://api.example.com'] }],
    defaultDataCenterId: 'global',
    reach: 'direct',
    reachWhy: 'test',
  });
}

describe('settings', () => {
  it('starts from the defaults and keeps a change', async () => {
    expect(await getSettings()).toEqual({ runRetention: 1000, theme: 'system' });
    expect(await saveSettings({ theme: 'dark' })).toEqual({ runRetention: 1000, theme: 'dark' });
    expect((await getSettings()).theme).toBe('dark');
  });

  it('falls back to the defaults when the stored row fails its schema', async () => {
    await database().meta.put({ key: 'settings', value: { runRetention: -5, theme: 'neon' } });
    expect(await getSettings()).toEqual({ runRetention: 1000, theme: 'system' });
  });

  it('refuses a retention below the minimum with a schema error', async () => {
    await expect(saveSettings({ runRetention: 3 })).rejects.toMatchObject({ name: 'ZodError' });
  });
});

describe('restoreBackup', () => {
  it('adds every service and workflow of a backup', async () => {
    await restoreBackup([customService('Acme Api')], [{ name: 'Restored' }]);
    expect((await listCustomServices()).map((s) => s.name)).toEqual(['Acme Api']);
    expect((await listWorkflows()).map((w) => w.name)).toEqual(['Restored']);
  });

  it('adds nothing when one workflow cannot be stored', async () => {
    const broken = { name: 'Broken', nodes: [{ id: 'x', type: 'nonsense' }] } as never;
    await expect(restoreBackup([customService('Acme Api')], [{ name: 'Fine' }, broken])).rejects.toThrow();
    expect(await listCustomServices()).toEqual([]);
    expect(await listWorkflows()).toEqual([]);
  });
});

describe('connections repository', () => {
  it('returns undefined when updating a connection that does not exist', async () => {
    expect(await updateConnection('conn_missing0', (c) => c)).toBeUndefined();
    expect(await connectionLinkNames()).toEqual([]);
  });
});

describe('storage problems', () => {
  it('tells listeners about each distinct problem once and clears them', () => {
    const seen: number[] = [];
    const stop = onStorageProblems((problems) => seen.push(problems.length));
    const damaged = { code: 'STORAGE_CORRUPT_ROW', message: 'A row is damaged', table: 'runs', rowId: 'run_1' } as const;
    reportStorageProblem(damaged);
    reportStorageProblem(damaged);
    clearStorageProblems();
    stop();
    reportStorageProblem(damaged);
    expect(seen).toEqual([0, 1, 0]);
    expect(storageProblems()).toEqual([damaged]);
  });
});

describe('opening the database', () => {
  it('reports success when IndexedDB opens', async () => {
    expect(await openDatabase()).toEqual({ ok: true });
  });

  it('names the failure and reports it when IndexedDB refuses to open', async () => {
    const name = `refused-${crypto.randomUUID()}`;
    const newer = new Dexie(name);
    newer.version(1).stores({ workflows: '++seq' });
    await newer.open();
    newer.close();
    resetDatabaseForTests(new AppDatabase(name));
    const result = await openDatabase();
    expect(result).toEqual({ ok: false, message: expect.stringContaining('IndexedDB: UpgradeError') });
    expect(storageProblems()).toEqual([{ code: 'STORAGE_OPEN_FAILED', message: !result.ok ? result.message : '' }]);
    await Dexie.delete(name);
  });

  it('asks the person to close other tabs when an older tab blocks the upgrade', async () => {
    resetDatabaseForTests();
    const name = database().name;
    resetDatabaseForTests();
    const older = new Dexie(name);
    older.version(0.1).stores({ other: '&id' });
    older.on('versionchange', () => false);
    await older.open();
    const blocked = new Promise<void>((resolve) => onStorageProblems((problems) => problems.some((p) => p.message === BLOCKED_MESSAGE) && resolve()));
    const opening = database().open();
    await blocked;
    older.close();
    await opening;
    expect(database().isOpen()).toBe(true);
    resetDatabaseForTests();
    await Dexie.delete(name);
  });
});

describe('workflow and service rows', () => {
  it('duplicates a workflow under a "(copy)" name and restores a deleted one as it was', async () => {
    const original = await createWorkflow({ name: 'Sync' });
    const copy = await duplicateWorkflow(original.id);
    expect(copy?.name).toBe('Sync (copy)');
    expect(await duplicateWorkflow('wf_missing00')).toBeUndefined();
    const deleted = await deleteWorkflow(original.id);
    expect(await getWorkflow(original.id)).toBeUndefined();
    await restoreWorkflow(deleted!);
    expect(await getWorkflow(original.id)).toEqual(original);
  });

  it('keeps the undo history of a workflow across reads', async () => {
    const history = { workflowId: 'wf_abcdef01', past: [{ nodes: [], edges: [], layout: { nodes: {} } }], future: [] };
    await saveWorkflowHistory(history);
    expect(await getWorkflowHistory('wf_abcdef01')).toEqual(history);
  });

  it('deletes a custom service', async () => {
    const service = await saveCustomService(customService('Acme Api'));
    await deleteCustomService(service.id);
    expect(await getCustomService(service.id)).toBeUndefined();
  });
});
