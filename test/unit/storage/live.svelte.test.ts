import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDatabase, createWorkflow, listWorkflows, live, renameWorkflow, resetDatabaseForTests } from '../../../src/storage/index.ts';

afterEach(() => resetDatabaseForTests());

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
    flushSync();
  }
}

describe('live(): liveQuery → runes bridge', () => {
  it('shows a reader every write made after it subscribed, and stops after cleanup', async () => {
    resetDatabaseForTests(new AppDatabase(`live-${crypto.randomUUID()}`));
    let reader!: ReturnType<typeof live<Awaited<ReturnType<typeof listWorkflows>>>>;
    const cleanup = $effect.root(() => {
      reader = live(listWorkflows, []);
    });
    flushSync();
    await until(() => !reader.loading);
    expect(reader.current).toEqual([]);

    const created = await createWorkflow({ name: 'First' });
    await until(() => reader.current.length === 1);
    expect(reader.current[0]?.name).toBe('First');

    await renameWorkflow(created.id, 'Renamed');
    await until(() => reader.current[0]?.name === 'Renamed');

    cleanup();
    await createWorkflow({ name: 'After cleanup' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reader.current).toHaveLength(1);
  });
});
