import type { Db } from './db.ts';

const caches = new Set<RowCache<unknown>>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Parsed rows of one table, per database and group (a module, an organization), in load order. Lists read
 * this instead of parsing every row's JSON on every request (10,000 contacts took a third of a second);
 * the repositories keep it current on each write. Cached rows are frozen, so a caller cannot change them.
 */
export class RowCache<T> {
  private readonly byDb = new WeakMap<Db, Map<string, Map<string, T>>>();

  constructor(private readonly load: (db: Db, group: string) => [string, T][]) {
    caches.add(this as RowCache<unknown>);
  }

  rows(db: Db, group: string): T[] {
    return [...this.group(db, group).values()];
  }

  row(db: Db, group: string, id: string): T | undefined {
    return this.group(db, group).get(id);
  }

  /** Records a written row; a group not loaded yet is left to load from the table. */
  set(db: Db, group: string, id: string, row: T): void {
    this.byDb.get(db)?.get(group)?.set(id, deepFreeze(row));
  }

  delete(db: Db, group: string, id: string): void {
    this.byDb.get(db)?.get(group)?.delete(id);
  }

  forget(db: Db): void {
    this.byDb.delete(db);
  }

  private group(db: Db, group: string): Map<string, T> {
    let groups = this.byDb.get(db);
    if (!groups) {
      groups = new Map();
      this.byDb.set(db, groups);
    }
    let rows = groups.get(group);
    if (!rows) {
      rows = new Map(this.load(db, group).map(([id, row]) => [id, deepFreeze(row)]));
      groups.set(group, rows);
    }
    return rows;
  }
}

/** After writes that bypass the repositories (the seed's bulk deletes), every cache of `db` reloads. */
export function forgetCachedRows(db: Db): void {
  for (const cache of caches) cache.forget(db);
}
