/**
 * The connection list read through a short cache. Every change job checks its workflow against the
 * runner's connections (twice: its live target and the run's compile); in a cluster that list is a
 * Redis round trip each time. A status change (a reconnect, a revoked token) shows within `ttlMs`.
 */
import type { RunnerConnection, RunnerConnectionStore } from '../store/types.ts';

export function cachedConnectionList(connections: RunnerConnectionStore, ttlMs: number, now: () => number = Date.now): RunnerConnectionStore {
  let cached: { at: number; list: Promise<RunnerConnection[]> } | null = null;
  return {
    ...connections,
    list() {
      if (!cached || now() - cached.at >= ttlMs) {
        const list = connections.list();
        cached = { at: now(), list };
        // A failed read is not kept: the next call asks Redis again.
        list.catch(() => (cached = null));
      }
      return cached.list;
    },
    async put(entry) {
      cached = null;
      await connections.put(entry);
    },
    async remove(linkName) {
      cached = null;
      await connections.remove(linkName);
    },
  };
}
