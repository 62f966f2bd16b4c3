import type { Clock } from '../clock.ts';
import type { EventLog } from '../control/events.ts';
import { nextId, sql, type Db } from '../store/db.ts';
import { RowCache } from '../store/row-cache.ts';
import { applyUpdate, completeRecord, MODULES, newRecord, type BiginRecord, type ModuleDef } from './model.ts';

/** Bigin ids are 19-digit numbers; the prefix keeps the sandbox's recognisable and deterministic. */
export const BIGIN_ID_PREFIX = '6421000000000';

/** Every record of a module, parsed once per data file and kept current by the writes below. */
const records = new RowCache<BiginRecord>((db, module) =>
  sql<[string], { id: string; data: string }>(db, 'SELECT id, data FROM bigin_records WHERE module = ? ORDER BY id')
    .all(module)
    .map((row) => [row.id, completeRecord(JSON.parse(row.data) as BiginRecord)]),
);

export class BiginRepo {
  private readonly getStmt;
  private readonly putStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events?: EventLog,
  ) {
    this.getStmt = db.prepare<[string, string], { data: string }>('SELECT data FROM bigin_records WHERE module = ? AND id = ?');
    this.putStmt = db.prepare('INSERT OR REPLACE INTO bigin_records (module, id, data) VALUES (?, ?, ?)');
  }

  get(def: ModuleDef, id: string): BiginRecord | undefined {
    const row = this.getStmt.get(def.scopeKey, id);
    return row ? completeRecord(JSON.parse(row.data) as BiginRecord) : undefined;
  }

  /** One record for reading: shared and frozen (`get` gives a copy to change). */
  read(def: ModuleDef, id: string): BiginRecord | undefined {
    return records.row(this.db, def.scopeKey, id);
  }

  /** Every record of the module in id order; the records are shared and frozen. */
  list(def: ModuleDef): readonly BiginRecord[] {
    return records.rows(this.db, def.scopeKey);
  }

  lookupName = (module: string, id: string): string | undefined => {
    const def = MODULES[module];
    if (!def) return undefined;
    const value = this.read(def, id)?.[def.nameField];
    return typeof value === 'string' ? value : undefined;
  };

  insert(def: ModuleDef, values: Record<string, unknown>, atMs = this.clock.now()): BiginRecord {
    // One transaction: the id counter and the record commit together (and in one disk sync).
    const [id] = this.insertMany(def, [values], atMs);
    return this.get(def, id as string) as BiginRecord;
  }

  /** Inserts every record in one transaction, all stamped with the same time; one create event names them all. */
  insertMany(def: ModuleDef, valuesList: Record<string, unknown>[], atMs = this.clock.now()): string[] {
    const created = this.db.transaction(() =>
      valuesList.map((values) => {
        const record = newRecord(def, nextId(this.db, 'bigin_next_id', BIGIN_ID_PREFIX), values, atMs);
        this.putStmt.run(def.scopeKey, record.id, JSON.stringify(record));
        return record;
      }),
    )();
    for (const record of created) records.set(this.db, def.scopeKey, record.id, record);
    const ids = created.map((r) => r.id);
    this.events?.push(def.apiName, 'insert', ids, atMs);
    return ids;
  }

  update(def: ModuleDef, id: string, values: Record<string, unknown>): BiginRecord | undefined {
    const current = this.get(def, id);
    if (!current) return undefined;
    const atMs = this.clock.now();
    const record = applyUpdate(def, current, values, atMs);
    this.putStmt.run(def.scopeKey, id, JSON.stringify(record));
    records.set(this.db, def.scopeKey, id, record);
    this.events?.push(def.apiName, 'update', [id], atMs);
    return record;
  }
}
