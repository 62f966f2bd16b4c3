/**
 * Live workflows' storage: trigger state per workflow, the durable queue of detected changes, and
 * snapshots of watched fields. A poll's events and its new checkpoint commit in one transaction, so
 * a change is never lost between "read" and "queued", nor queued twice.
 */
import { liveQuery } from 'dexie';
import { FieldSnapshot, PendingEvent, TriggerState, snapshotKey, type PendingEventStatus } from '../domain/index.ts';
import { database } from './lifecycle.ts';
import { parseRow, parseRows, toRow } from './parse.ts';

export async function getTriggerState(workflowId: string): Promise<TriggerState | undefined> {
  return parseRow(TriggerState, 'triggers', await database().triggers.get(workflowId));
}

export async function listTriggerStates(): Promise<TriggerState[]> {
  return parseRows(TriggerState, 'triggers', await database().triggers.toArray());
}

export async function updateTriggerState(workflowId: string, patch: Partial<TriggerState>): Promise<void> {
  const db = database();
  await db.transaction('rw', db.triggers, async () => {
    const current = parseRow(TriggerState, 'triggers', await db.triggers.get(workflowId));
    if (!current) return;
    await db.triggers.put(toRow(TriggerState.parse({ ...current, ...patch, workflowId, updatedAt: Date.now() })));
  });
}

/** Switches a workflow on with no checkpoint: its first poll takes the baseline. */
export async function activateTrigger(workflowId: string, pollIntervalMs: number | null): Promise<TriggerState> {
  const now = Date.now();
  const state = TriggerState.parse({ workflowId, active: true, activatedAt: now, pollIntervalMs, nextPollAt: now, updatedAt: now });
  await database().triggers.put(toRow(state));
  return state;
}

/**
 * Switches a workflow off: changes not yet started are dropped with the checkpoint and snapshots
 * (switching on again starts from new changes); a run already going finishes.
 */
export async function deactivateTrigger(workflowId: string): Promise<void> {
  const db = database();
  await db.transaction('rw', db.triggers, db.events, db.snapshots, async () => {
    const current = parseRow(TriggerState, 'triggers', await db.triggers.get(workflowId));
    if (current)
      await db.triggers.put(
        toRow({ ...current, active: false, checkpoint: null, nextPollAt: null, trouble: null, failures: 0, updatedAt: Date.now() }),
      );
    await db.events.where('[workflowId+status+modifiedAt]').between([workflowId, 'pending', -Infinity], [workflowId, 'pending', Infinity]).delete();
    await db.snapshots.where('workflowId').equals(workflowId).delete();
  });
}

export type HandOff = { ok: true; previous: TriggerState | null } | { ok: false; queued: number };

/**
 * Switches the browser's trigger off to hand the workflow to another watcher, in one transaction with
 * the read of its checkpoint, so no poll can commit in between. Refused while changes wait in the
 * queue: switching off would drop them, and the next watcher starts after the checkpoint.
 */
export async function handOffTrigger(workflowId: string): Promise<HandOff> {
  const db = database();
  return db.transaction('rw', db.triggers, db.events, async () => {
    const previous = parseRow(TriggerState, 'triggers', await db.triggers.get(workflowId)) ?? null;
    const queued = (await queuedRange(workflowId, 'pending').count()) + (await queuedRange(workflowId, 'running').count());
    if (previous?.active && queued > 0) return { ok: false, queued };
    if (previous)
      await db.triggers.put(
        toRow({ ...previous, active: false, checkpoint: null, nextPollAt: null, trouble: null, failures: 0, updatedAt: Date.now() }),
      );
    return { ok: true, previous };
  });
}

/** Puts back a trigger state taken by handOffTrigger when the hand-off failed, checkpoint and all. */
export async function restoreTrigger(state: TriggerState): Promise<void> {
  await database().triggers.put(toRow(TriggerState.parse({ ...state, nextPollAt: Date.now(), updatedAt: Date.now() })));
}

export async function setPollInterval(workflowId: string, pollIntervalMs: number | null): Promise<void> {
  await updateTriggerState(workflowId, { pollIntervalMs, nextPollAt: Date.now() });
}

export async function snapshotsFor(workflowId: string, recordIds: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const rows = await database().snapshots.bulkGet(recordIds.map((id) => snapshotKey(workflowId, id)));
  const out = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const snapshot = parseRow(FieldSnapshot, 'snapshots', row);
    if (snapshot) out.set(snapshot.recordId, snapshot.values);
  }
  return out;
}

export interface PollCommitRows {
  events: PendingEvent[];
  snapshots: FieldSnapshot[];
  state: Partial<TriggerState>;
}

/** Queues the events (a key already queued is left alone), writes the snapshots and the new state. */
export async function commitPoll(workflowId: string, commit: PollCommitRows): Promise<boolean> {
  const db = database();
  return db.transaction('rw', db.triggers, db.events, db.snapshots, async () => {
    const current = parseRow(TriggerState, 'triggers', await db.triggers.get(workflowId));
    if (!current?.active) return false;
    const existing = await db.events.bulkGet(commit.events.map((e) => e.key));
    const fresh = commit.events.filter((_, i) => existing[i] === undefined);
    if (fresh.length) await db.events.bulkAdd(fresh.map((e) => toRow(PendingEvent.parse(e))));
    if (commit.snapshots.length) await db.snapshots.bulkPut(commit.snapshots.map((s) => toRow(FieldSnapshot.parse(s))));
    await db.triggers.put(toRow(TriggerState.parse({ ...current, ...commit.state, workflowId, updatedAt: Date.now() })));
    return true;
  });
}

function queuedRange(workflowId: string, status: PendingEventStatus) {
  return database().events.where('[workflowId+status+modifiedAt]').between([workflowId, status, -Infinity], [workflowId, status, Infinity]);
}

/** Pending and running changes, oldest change first. */
export async function queuedEvents(workflowId: string, limit: number): Promise<PendingEvent[]> {
  const [running, pending] = await Promise.all([
    queuedRange(workflowId, 'running').limit(limit).toArray(),
    queuedRange(workflowId, 'pending').limit(limit).toArray(),
  ]);
  return parseRows(PendingEvent, 'events', [...running, ...pending])
    .sort((a, b) => a.modifiedAt - b.modifiedAt || a.detectedAt - b.detectedAt || (a.key < b.key ? -1 : 1))
    .slice(0, limit);
}

export async function countQueuedEvents(workflowId: string): Promise<number> {
  const [running, pending] = await Promise.all([queuedRange(workflowId, 'running').count(), queuedRange(workflowId, 'pending').count()]);
  return running + pending;
}

export async function updateEvent(key: string, patch: Partial<PendingEvent>): Promise<void> {
  const db = database();
  await db.transaction('rw', db.events, async () => {
    const current = parseRow(PendingEvent, 'events', await db.events.get(key));
    if (!current) return;
    await db.events.put(toRow(PendingEvent.parse({ ...current, ...patch, key })));
  });
}

/** Queues changes found outside a poll (a backfill); keys already queued are left alone. */
export async function queueEvents(events: PendingEvent[]): Promise<number> {
  const db = database();
  return db.transaction('rw', db.events, async () => {
    const existing = await db.events.bulkGet(events.map((e) => e.key));
    const fresh = events.filter((_, i) => existing[i] === undefined);
    if (fresh.length) await db.events.bulkAdd(fresh.map((e) => toRow(PendingEvent.parse(e))));
    return fresh.length;
  });
}

/** Done changes are kept a while for the record, then removed; the checkpoint already guards against repeats. */
export async function pruneDoneEvents(olderThan: number): Promise<number> {
  const rows = await database()
    .events.filter((row) => row.status === 'done' && typeof row.doneAt === 'number' && row.doneAt < olderThan)
    .primaryKeys();
  await database().events.bulkDelete(rows);
  return rows.length;
}

/**
 * Calls `listener` with every trigger state now and after each change, from any tab (Dexie's
 * liveQuery sees other tabs' writes). Returns the unsubscribe function.
 */
export function watchTriggerStates(listener: (states: TriggerState[]) => void, onError: (error: unknown) => void): () => void {
  const subscription = liveQuery(listTriggerStates).subscribe({ next: listener, error: onError });
  return () => subscription.unsubscribe();
}
