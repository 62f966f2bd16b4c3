import { AppDatabase } from './db.ts';
import { reportStorageProblem } from './problems.ts';

let current: AppDatabase | null = null;

export const NEWER_VERSION_MESSAGE = 'A newer version of this app is open — reload';
export const BLOCKED_MESSAGE = 'Close the other tabs of this app so it can update its storage';

/**
 * The one database of the page. When another tab opens a newer schema, this tab closes its
 * connection (so the upgrade can proceed) and asks the person to reload (Dexie.on.versionchange).
 */
export function database(): AppDatabase {
  if (current) return current;
  const db = new AppDatabase();
  db.on('versionchange', () => {
    db.close();
    reportStorageProblem({ code: 'STORAGE_VERSION_CHANGED', message: NEWER_VERSION_MESSAGE });
    return false;
  });
  db.on('blocked', () => {
    reportStorageProblem({ code: 'STORAGE_OPEN_FAILED', message: BLOCKED_MESSAGE });
  });
  current = db;
  return db;
}

/** Opens the database up front so a failure (private mode, quota, blocked) is shown at start. */
export async function openDatabase(): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await database().open();
    return { ok: true };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message =
      `This browser would not open the app's local storage (IndexedDB: ${name}). ` +
      'Connections and workflows cannot be saved. Leave private browsing mode or allow site data, then reload.';
    reportStorageProblem({ code: 'STORAGE_OPEN_FAILED', message });
    return { ok: false, message };
  }
}

/** For tests: forget the page's database so the next call opens a fresh one. */
export function resetDatabaseForTests(db?: AppDatabase): void {
  current?.close();
  current = db ?? null;
}
