import type Database from 'better-sqlite3';
import { Run, type LogEntry } from '../../src/domain/index.ts';
import type { RunFilter, RunnerRunStore } from './types.ts';

/** The browser keeps this many runs by default (Settings → Runs kept); the runner keeps as many. */
export const RUN_RETENTION = 1000;
export const RUN_LIST_DEFAULT = 50;
export const RUN_LIST_MAX = 200;

const INTERRUPTED = { code: 'RUN_INTERRUPTED', message: 'The runner stopped while this run was going; its change runs again.' } as const;

export function sqliteRunStore(db: Database.Database, now: () => number = Date.now): RunnerRunStore {
  const putRun = db.prepare<[string, string, string, number, string]>(
    'INSERT OR REPLACE INTO runs (id, workflow_id, status, started_at, json) VALUES (?, ?, ?, ?, ?)',
  );
  const getRun = db.prepare<[string], { json: string }>('SELECT json FROM runs WHERE id = ?');
  const putEntry = db.prepare<[string, number, string]>('INSERT OR REPLACE INTO log_entries (run_id, seq, json) VALUES (?, ?, ?)');
  const entries = db.prepare<[string], { json: string }>('SELECT json FROM log_entries WHERE run_id = ? ORDER BY seq');
  const oldRuns = db.prepare<[number], { id: string }>('SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET ?');

  const save = (run: Run): void => void putRun.run(run.id, run.workflowId, run.status, run.startedAt, JSON.stringify(run));
  const append = db.transaction((list: LogEntry[]) => {
    for (const entry of list) putEntry.run(entry.runId, entry.seq, JSON.stringify(entry));
  });
  const saveWith = db.transaction((run: Run, list: LogEntry[]) => {
    append(list);
    save(run);
  });
  const prune = db.transaction((keep: number): number => {
    const ids = oldRuns.all(keep).map((row) => row.id);
    for (const id of ids) {
      db.prepare('DELETE FROM runs WHERE id = ?').run(id);
      db.prepare('DELETE FROM log_entries WHERE run_id = ?').run(id);
    }
    return ids.length;
  });
  const interrupt = db.transaction((ids: readonly string[]) => {
    const at = now();
    for (const id of ids) {
      const row = getRun.get(id);
      if (!row) continue;
      const run = Run.parse(JSON.parse(row.json));
      if (run.status !== 'running') continue;
      save({ ...run, status: 'interrupted', finishedAt: at, durationMs: at - run.startedAt, error: { ...INTERRUPTED } });
    }
  });

  return {
    async saveRun(run, list = []) {
      saveWith(run, list);
      return run;
    },
    appendLogEntries: async (list) => append(list),
    pruneRuns: async (keep) => prune(keep),
    runRetention: async () => RUN_RETENTION,
    async listRuns(filter: RunFilter) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.workflowId) {
        where.push('workflow_id = ?');
        params.push(filter.workflowId);
      }
      if (filter.status) {
        where.push('status = ?');
        params.push(filter.status);
      }
      if (filter.before !== undefined) {
        where.push('started_at < ?');
        params.push(filter.before);
      }
      const limit = Math.min(Math.max(1, filter.limit ?? RUN_LIST_DEFAULT), RUN_LIST_MAX);
      const sql = `SELECT json FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], { json: string }>(sql)
        .all(...params, limit)
        .map((row) => Run.parse(JSON.parse(row.json)));
    },
    async getRun(runId) {
      const row = getRun.get(runId);
      return row ? Run.parse(JSON.parse(row.json)) : undefined;
    },
    logEntries: async (runId) => entries.all(runId).map((row) => JSON.parse(row.json) as LogEntry),
    interruptRuns: async (ids) => interrupt(ids),
  };
}

/** Ids of runs a previous process left `running`. */
export function runningRunIds(db: Database.Database): string[] {
  return db
    .prepare<[], { id: string }>(`SELECT id FROM runs WHERE status = 'running'`)
    .all()
    .map((row) => row.id);
}
