import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/until.ts';
import { AppDatabase, createWorkflow, listWorkflows, live, renameWorkflow, resetDatabaseForTests } from '../../../src/storage/index.ts';

afterEach(() => resetDatabaseForTests());

const settle = (check: () => boolean) => until(check, { tick: flushSync });

describe('live(): liveQuery → runes bridge', () => {
  it('shows a reader every write made after it subscribed, and stops after cleanup', async () => {
    resetDatabaseForTests(new AppDatabase(`live-${crypto.randomUUID()}`));
    let reader!: ReturnType<typeof live<Awaited<ReturnType<typeof listWorkflows>>>>;
    const cleanup = $effect.root(() => {
      reader = live(listWorkflows, []);
    });
    flushSync();
    await settle(() => !reader.loading);
    expect(reader.current).toEqual([]);

    const created = await createWorkflow({ name: 'First' });
    await settle(() => reader.current.length === 1);
    expect(reader.current[0]?.name).toBe('First');

    await renameWorkflow(created.id, 'Renamed');
    await settle(() => reader.current[0]?.name === 'Renamed');

    cleanup();
    await createWorkflow({ name: 'After cleanup' });
    // A reader subscribed now sees the write once liveQuery has delivered it; the cleaned-up one must not.
    let witness!: typeof reader;
    const witnessCleanup = $effect.root(() => {
      witness = live(listWorkflows, []);
    });
    await settle(() => witness.current.length === 2);
    await renameWorkflow(created.id, 'Renamed again');
    await settle(() => witness.current.some((w) => w.name === 'Renamed again'));
    witnessCleanup();
    expect(reader.current).toHaveLength(1);
    expect(reader.current[0]?.name).toBe('Renamed');
  });
});
