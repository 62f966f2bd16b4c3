import type { Clock } from '../clock.ts';
import type { EventLog } from '../control/events.ts';
import { nextId, type Db } from '../store/db.ts';
import { applyUpdate, completeRecord, MODULES, newRecord, type BiginRecord, type ModuleDef } from './model.ts';

/** Bigin ids are 19-digit numbers; the prefix keeps the sandbox's recognisable and deterministic. */
export const BIGIN_ID_PREFIX = '6421000000000';

export class BiginRepo {
  private readonly getStmt;
  private readonly listStmt;
  private readonly putStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events?: EventLog,
  ) {
    this.getStmt = db.prepare<[string, string], { data: string }>('SELECT data FROM bigin_records WHERE module = ? AND id = ?');
    this.listStmt = db.prepare<[string], { data: string }>('SELECT data FROM bigin_records WHERE module = ? ORDER BY id');
    this.putStmt = db.prepare('INSERT OR REPLACE INTO bigin_records (module, id, data) VALUES (?, ?, ?)');
  }

  get(def: ModuleDef, id: string): BiginRecord | undefined {
    const row = this.getStmt.get(def.scopeKey, id);
    return row ? completeRecord(JSON.parse(row.data) as BiginRecord) : undefined;
  }

  list(def: ModuleDef): BiginRecord[] {
    return this.listStmt.all(def.scopeKey).map((row) => completeRecord(JSON.parse(row.data) as BiginRecord));
  }

  lookupName = (module: string, id: string): string | undefined => {
    const def = MODULES[module];
    if (!def) return undefined;
    const value = this.get(def, id)?.[def.nameField];
    return typeof value === 'string' ? value : undefined;
  };

  insert(def: ModuleDef, values: Record<string, unknown>, atMs = this.clock.now()): BiginRecord {
    // One transaction: the id counter and the record commit together (and in one disk sync).
    const [id] = this.insertMany(def, [values], atMs);
    return this.get(def, id as string) as BiginRecord;
  }

  /** Inserts every record in one transaction, all stamped with the same time; one create event names them all. */
  insertMany(def: ModuleDef, valuesList: Record<string, unknown>[], atMs = this.clock.now()): string[] {
    const ids = this.db.transaction(() =>
      valuesList.map((values) => {
        const created = newRecord(def, nextId(this.db, 'bigin_next_id', BIGIN_ID_PREFIX), values, atMs);
        this.putStmt.run(def.scopeKey, created.id, JSON.stringify(created));
        return created.id;
      }),
    )();
    this.events?.push(def.apiName, 'insert', ids, atMs);
    return ids;
  }

  update(def: ModuleDef, id: string, values: Record<string, unknown>): BiginRecord | undefined {
    const current = this.get(def, id);
    if (!current) return undefined;
    const atMs = this.clock.now();
    const record = applyUpdate(def, current, values, atMs);
    this.putStmt.run(def.scopeKey, id, JSON.stringify(record));
    this.events?.push(def.apiName, 'update', [id], atMs);
    return record;
  }
}
