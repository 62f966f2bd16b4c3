import { LogEntry, Run, type RunStatus } from '../domain/index.ts';
import { database } from './lifecycle.ts';
import { parseRow, parseRows, toRow } from './parse.ts';

export const DEFAULT_RUN_RETENTION = 1000;

/** With `entries`, the run and those log entries are written in one transaction. */
export async function saveRun(run: Run, entries: LogEntry[] = []): Promise<Run> {
  const parsed = Run.parse(run);
  const rows = entries.map((entry) => toRow(LogEntry.parse(entry)));
  const db = database();
  if (rows.length === 0) await db.runs.put(toRow(parsed));
  else
    await db.transaction('rw', db.runs, db.logs, async () => {
      await db.logs.bulkPut(rows);
      await db.runs.put(toRow(parsed));
    });
  return parsed;
}

export async function getRun(id: string): Promise<Run | undefined> {
  return parseRow(Run, 'runs', await database().runs.get(id));
}

export interface RunFilter {
  workflowId?: string;
  status?: RunStatus;
  limit?: number;
}

export async function listRuns(filter: RunFilter = {}): Promise<Run[]> {
  const db = database();
  const base = filter.workflowId
    ? db.runs.where('[workflowId+startedAt]').between([filter.workflowId, -Infinity], [filter.workflowId, Infinity]).reverse()
    : db.runs.orderBy('startedAt').reverse();
  const filtered = filter.status ? base.filter((row) => row.status === filter.status) : base;
  const rows = await filtered.limit(filter.limit ?? 200).toArray();
  return parseRows(Run, 'runs', rows);
}

export async function appendLogEntries(entries: LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await database().logs.bulkPut(entries.map((entry) => toRow(LogEntry.parse(entry))));
}

export async function logEntriesFor(runId: string): Promise<LogEntry[]> {
  const rows = await database().logs.where('[runId+seq]').between([runId, -Infinity], [runId, Infinity]).toArray();
  return parseRows(LogEntry, 'logs', rows);
}

/** Runs still marked queued/running when the app starts were cut off by a reload or a closed tab. */
export async function markInterruptedRuns(now: number, isStillRunning: (runId: string) => boolean = () => false): Promise<string[]> {
  const db = database();
  return db.transaction('rw', db.runs, async () => {
    const rows = await db.runs.where('status').anyOf('queued', 'running').toArray();
    const ids: string[] = [];
    for (const row of rows) {
      const id = String(row.id);
      if (isStillRunning(id)) continue;
      const startedAt = Number(row.startedAt);
      await db.runs.update(id, {
        status: 'interrupted',
        finishedAt: now,
        durationMs: Number.isFinite(startedAt) ? now - startedAt : null,
        error: { code: 'RUN_INTERRUPTED', message: 'The page was closed or reloaded while this run was going.' },
      });
      ids.push(id);
    }
    return ids;
  });
}

/** Keeps the newest `keep` runs and deletes older ones with their logs. */
export async function pruneRuns(keep: number): Promise<number> {
  const db = database();
  const old = await db.runs.orderBy('startedAt').reverse().offset(keep).primaryKeys();
  if (old.length === 0) return 0;
  await db.transaction('rw', db.runs, db.logs, async () => {
    await db.runs.bulkDelete(old);
    for (const id of old) await db.logs.where('runId').equals(id).delete();
  });
  return old.length;
}

export async function deleteRun(id: string): Promise<void> {
  const db = database();
  await db.transaction('rw', db.runs, db.logs, async () => {
    await db.runs.delete(id);
    await db.logs.where('runId').equals(id).delete();
  });
}
