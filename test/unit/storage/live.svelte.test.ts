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
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reader.current).toHaveLength(1);
  });
});
