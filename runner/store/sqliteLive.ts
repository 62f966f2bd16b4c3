import type Database from 'better-sqlite3';
import { snapshotKey, TriggerState, type PendingEvent } from '../../src/domain/index.ts';
import type { PollCommit } from '../../src/engine/live/watcher.ts';
import type { RunnerLiveStore } from './types.ts';

/** The engine's live store on SQLite: the same contract as the browser's IndexedDB store and MemoryLiveStore. */
export function sqliteLiveStore(db: Database.Database): RunnerLiveStore {
  const getState = db.prepare<[string], { json: string }>('SELECT json FROM trigger_states WHERE workflow_id = ?');
  const putState = db.prepare<[string, string]>('INSERT OR REPLACE INTO trigger_states (workflow_id, json) VALUES (?, ?)');
  const allStates = db.prepare<[], { json: string }>('SELECT json FROM trigger_states ORDER BY workflow_id');
  const getSnapshot = db.prepare<[string], { json: string }>('SELECT json FROM snapshots WHERE key = ?');
  const putSnapshot = db.prepare<[string, string, string]>('INSERT OR REPLACE INTO snapshots (key, workflow_id, json) VALUES (?, ?, ?)');
  // A key already queued is left as it is: the same change detected twice runs once.
  const queueEvent = db.prepare<[string, string, string, number, number, string]>(
    'INSERT OR IGNORE INTO events (key, workflow_id, status, modified_at, detected_at, json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const getEvent = db.prepare<[string], { json: string }>('SELECT json FROM events WHERE key = ?');
  const setEvent = db.prepare<[string, string, string]>('UPDATE events SET status = ?, json = ? WHERE key = ?');
  const queued = db.prepare<[string, number], { json: string }>(
    `SELECT json FROM events WHERE workflow_id = ? AND status != 'done' ORDER BY modified_at, detected_at, key LIMIT ?`,
  );

  const readState = (workflowId: string): TriggerState | undefined => {
    const row = getState.get(workflowId);
    return row ? TriggerState.parse(JSON.parse(row.json)) : undefined;
  };
  const writeState = (state: TriggerState): void => void putState.run(state.workflowId, JSON.stringify(TriggerState.parse(state)));

  const commit = db.transaction((workflowId: string, change: PollCommit): boolean => {
    const state = readState(workflowId);
    if (!state?.active) return false;
    for (const e of change.events) queueEvent.run(e.key, e.workflowId, e.status, e.modifiedAt, e.detectedAt, JSON.stringify(e));
    for (const s of change.snapshots) putSnapshot.run(s.key, s.workflowId, JSON.stringify(s.values));
    writeState({ ...state, ...change.state, updatedAt: Date.now() });
    return true;
  });

  const patchState = db.transaction((workflowId: string, patch: Partial<TriggerState>) => {
    const state = readState(workflowId);
    if (state) writeState({ ...state, ...patch, updatedAt: Date.now() });
  });

  const patchEvent = db.transaction((key: string, patch: Partial<PendingEvent>) => {
    const row = getEvent.get(key);
    if (!row) return;
    const next = { ...(JSON.parse(row.json) as PendingEvent), ...patch };
    setEvent.run(next.status, JSON.stringify(next), key);
  });

  const forget = db.transaction((workflowId: string) => {
    db.prepare('DELETE FROM trigger_states WHERE workflow_id = ?').run(workflowId);
    db.prepare('DELETE FROM events WHERE workflow_id = ?').run(workflowId);
    db.prepare('DELETE FROM snapshots WHERE workflow_id = ?').run(workflowId);
  });

  return {
    state: async (workflowId) => readState(workflowId),
    async snapshots(workflowId, recordIds) {
      const out = new Map<string, Record<string, string>>();
      for (const id of recordIds) {
        const row = getSnapshot.get(snapshotKey(workflowId, id));
        if (row) out.set(id, JSON.parse(row.json) as Record<string, string>);
      }
      return out;
    },
    commitPoll: async (workflowId, change) => commit(workflowId, change),
    updateState: async (workflowId, patch) => patchState(workflowId, patch),
    queuedEvents: async (workflowId, limit) => queued.all(workflowId, limit).map((row) => JSON.parse(row.json) as PendingEvent),
    updateEvent: async (key, patch) => patchEvent(key, patch),
    putState: async (state) => writeState(state),
    states: async () => allStates.all().map((row) => TriggerState.parse(JSON.parse(row.json))),
    forget: async (workflowId) => forget(workflowId),
  };
}
