/**
 * The live store kept in memory: for tests, benchmarks and any host that keeps its state elsewhere.
 * It follows the same contract as the browser's IndexedDB store (one commit per poll, queued keys
 * kept as they are, nothing written once the workflow is switched off).
 */
import type { FieldSnapshot, PendingEvent, TriggerState } from '../../domain/index.ts';
import type { LiveStore, PollCommit } from './watcher.ts';

export function queueOrder(a: PendingEvent, b: PendingEvent): number {
  return a.modifiedAt - b.modifiedAt || a.detectedAt - b.detectedAt || (a.key < b.key ? -1 : 1);
}

export class MemoryLiveStore implements LiveStore {
  readonly states = new Map<string, TriggerState>();
  readonly events = new Map<string, PendingEvent>();
  readonly snapshotRows = new Map<string, FieldSnapshot>();

  async state(workflowId: string): Promise<TriggerState | undefined> {
    const state = this.states.get(workflowId);
    return state ? structuredClone(state) : undefined;
  }

  async snapshots(workflowId: string, recordIds: readonly string[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    for (const id of recordIds) {
      const row = this.snapshotRows.get(`${workflowId}|${id}`);
      if (row) out.set(id, { ...row.values });
    }
    return out;
  }

  async commitPoll(workflowId: string, commit: PollCommit): Promise<boolean> {
    const state = this.states.get(workflowId);
    if (!state?.active) return false;
    for (const event of commit.events) if (!this.events.has(event.key)) this.events.set(event.key, structuredClone(event));
    for (const snapshot of commit.snapshots) this.snapshotRows.set(snapshot.key, structuredClone(snapshot));
    this.states.set(workflowId, { ...state, ...structuredClone(commit.state) });
    return true;
  }

  async updateState(workflowId: string, patch: Partial<TriggerState>): Promise<void> {
    const state = this.states.get(workflowId);
    if (state) this.states.set(workflowId, { ...state, ...structuredClone(patch) });
  }

  async queuedEvents(workflowId: string, limit: number): Promise<PendingEvent[]> {
    return [...this.events.values()]
      .filter((e) => e.workflowId === workflowId && e.status !== 'done')
      .sort(queueOrder)
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  async updateEvent(key: string, patch: Partial<PendingEvent>): Promise<void> {
    const event = this.events.get(key);
    if (event) this.events.set(key, { ...event, ...structuredClone(patch) });
  }
}
