import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const MEMORY = ':memory:';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bigin_records (
  module TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (module, id));
CREATE TABLE IF NOT EXISTS books_orgs (organization_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS books_contacts (
  organization_id TEXT NOT NULL, contact_id TEXT NOT NULL, name_key TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (organization_id, contact_id), UNIQUE (organization_id, name_key));
CREATE TABLE IF NOT EXISTS grants (
  id TEXT PRIMARY KEY, client_id TEXT NOT NULL, scopes TEXT NOT NULL, refresh_hash TEXT UNIQUE,
  created_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS access_tokens (
  hash TEXT PRIMARY KEY, grant_id TEXT NOT NULL, expires_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS access_tokens_grant ON access_tokens (grant_id);
`;

export function dbFile(dataDir: string): string {
  return join(dataDir, 'sandbox.sqlite');
}

export function openDb(dataDir: string): Db {
  let db: Db;
  if (dataDir === MEMORY) {
    db = new Database(MEMORY);
  } else {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(dbFile(dataDir));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.exec(SCHEMA);
  return db;
}

/** Deletes the data file and its WAL side files. */
export function deleteDataFile(dataDir: string): void {
  if (dataDir === MEMORY) return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile(dataDir) + suffix, { force: true });
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per database: preparing costs more than running a point query. */
export function sql<P extends unknown[] = unknown[], R = unknown>(db: Db, text: string): Database.Statement<P, R> {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    cache.set(text, stmt);
  }
  return stmt as unknown as Database.Statement<P, R>;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = sql<[string], { value: string }>(db, 'SELECT value FROM meta WHERE key = ?').get(key);
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  sql(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * Next id from a persisted counter, as a numeric string. Zoho ids are 15–19 digit numbers; a fixed prefix
 * plus a counter keeps them deterministic after a reset.
 */
export function nextId(db: Db, counter: string, prefix: string): string {
  const current = Number(getMeta(db, counter) ?? '0') + 1;
  setMeta(db, counter, String(current));
  return prefix + String(current).padStart(6, '0');
}
