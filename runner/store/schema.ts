import type Database from 'better-sqlite3';

/** Bumped with every change below; an older file is upgraded in place, a newer one refused. */
export const SCHEMA_VERSION = 1;

const TABLES = `
CREATE TABLE IF NOT EXISTS workflows (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connections (link_name TEXT PRIMARY KEY, json TEXT NOT NULL, sealed TEXT);
CREATE TABLE IF NOT EXISTS trigger_states (workflow_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  key TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, status TEXT NOT NULL,
  modified_at INTEGER NOT NULL, detected_at INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_queue ON events (workflow_id, status, modified_at, detected_at, key);
CREATE TABLE IF NOT EXISTS snapshots (key TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS snapshots_workflow ON snapshots (workflow_id);
CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, status TEXT NOT NULL, started_at INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS runs_status ON runs (status);
CREATE TABLE IF NOT EXISTS log_entries (run_id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (run_id, seq));
CREATE TABLE IF NOT EXISTS pairings (token_hash TEXT PRIMARY KEY, origin TEXT NOT NULL, paired_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pairing_codes (code_hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS oauth_pending (state_hash TEXT PRIMARY KEY, link_name TEXT NOT NULL, sealed TEXT NOT NULL, expires_at INTEGER NOT NULL);
`;

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`The runner database was written by a newer runner (schema ${version}, this one knows ${SCHEMA_VERSION}). Update the runner.`);
  }
  db.exec(TABLES);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
