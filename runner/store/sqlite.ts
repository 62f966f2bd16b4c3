import type Database from 'better-sqlite3';
import { Connection, Workflow } from '../../src/domain/index.ts';
import { openDatabase } from './db.ts';
import { sqliteLiveStore } from './sqliteLive.ts';
import { sqliteRunStore } from './sqliteRuns.ts';
import type { RunnerConnectionStore, RunnerStore, RunnerWorkflowStore } from './types.ts';

function workflowStore(db: Database.Database): RunnerWorkflowStore {
  const put = db.prepare<[string, string]>('INSERT OR REPLACE INTO workflows (id, json) VALUES (?, ?)');
  const get = db.prepare<[string], { json: string }>('SELECT json FROM workflows WHERE id = ?');
  const all = db.prepare<[], { json: string }>('SELECT json FROM workflows ORDER BY id');
  const parse = (json: string) => Workflow.parse(JSON.parse(json));
  return {
    put: async (workflow) => void put.run(workflow.id, JSON.stringify(Workflow.parse(workflow))),
    async get(workflowId) {
      const row = get.get(workflowId);
      return row ? parse(row.json) : undefined;
    },
    list: async () => all.all().map((row) => parse(row.json)),
    remove: async (workflowId) => void db.prepare('DELETE FROM workflows WHERE id = ?').run(workflowId),
  };
}

/** Connections as the app shapes them; their secrets only ever as the sealed blob. */
function connectionStore(db: Database.Database): RunnerConnectionStore {
  const put = db.prepare<[string, string, string | null]>('INSERT OR REPLACE INTO connections (link_name, json, sealed) VALUES (?, ?, ?)');
  const get = db.prepare<[string], { json: string; sealed: string | null }>('SELECT json, sealed FROM connections WHERE link_name = ?');
  const all = db.prepare<[], { json: string; sealed: string | null }>('SELECT json, sealed FROM connections ORDER BY link_name');
  const parse = (row: { json: string; sealed: string | null }) => ({ connection: Connection.parse(JSON.parse(row.json)), sealedSecrets: row.sealed });
  return {
    put: async (entry) => void put.run(entry.connection.linkName, JSON.stringify(Connection.parse(entry.connection)), entry.sealedSecrets),
    async get(linkName) {
      const row = get.get(linkName);
      return row ? parse(row) : undefined;
    },
    list: async () => all.all().map(parse),
    remove: async (linkName) => void db.prepare('DELETE FROM connections WHERE link_name = ?').run(linkName),
  };
}

export interface SqliteRunnerStore extends RunnerStore {
  readonly db: Database.Database;
}

export function openSqliteStore(dataDir: string): SqliteRunnerStore {
  const db = openDatabase(dataDir);
  return {
    db,
    workflows: workflowStore(db),
    connections: connectionStore(db),
    live: sqliteLiveStore(db),
    runs: sqliteRunStore(db),
    close: async () => void db.close(),
  };
}
