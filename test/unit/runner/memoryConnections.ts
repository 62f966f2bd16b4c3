import type { RunnerConnection, RunnerConnectionStore } from '../../../runner/store/types.ts';

/** Connections in a Map, for tests of the parts above the store. */
export function memoryConnections(): RunnerConnectionStore & { entries: Map<string, RunnerConnection> } {
  const entries = new Map<string, RunnerConnection>();
  return {
    entries,
    get: async (linkName) => structuredClone(entries.get(linkName)),
    put: async (entry) => void entries.set(entry.connection.linkName, structuredClone(entry)),
    list: async () => [...entries.values()].map((entry) => structuredClone(entry)),
    remove: async (linkName) => void entries.delete(linkName),
  };
}
