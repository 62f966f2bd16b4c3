import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './schema.ts';

export const DB_FILE = 'runner.db';

/**
 * One SQLite file for the serving process and the CLI commands next to it: WAL lets a command write
 * while the server reads, and the busy timeout makes one wait for the other instead of failing.
 */
export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten, so a reconnect leaves no sealed copy of old tokens in free pages.
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
