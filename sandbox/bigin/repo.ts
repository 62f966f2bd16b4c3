import type { Clock } from '../clock.ts';
import type { EventLog } from '../control/events.ts';
import { nextId, type Db } from '../store/db.ts';
import { applyUpdate, MODULES, newRecord, type BiginRecord, type ModuleDef } from './model.ts';

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
    return row ? (JSON.parse(row.data) as BiginRecord) : undefined;
  }

  list(def: ModuleDef): BiginRecord[] {
    return this.listStmt.all(def.scopeKey).map((row) => JSON.parse(row.data) as BiginRecord);
  }

  lookupName = (module: string, id: string): string | undefined => {
    const def = MODULES[module];
    if (!def) return undefined;
    const value = this.get(def, id)?.[def.nameField];
    return typeof value === 'string' ? value : undefined;
  };

  insert(def: ModuleDef, values: Record<string, unknown>, atMs = this.clock.now()): BiginRecord {
    // One transaction: the id counter and the record commit together (and in one disk sync).
    const record = this.db.transaction(() => {
      const created = newRecord(def, nextId(this.db, 'bigin_next_id', BIGIN_ID_PREFIX), values, atMs);
      this.putStmt.run(def.scopeKey, created.id, JSON.stringify(created));
      return created;
    })();
    this.events?.push(def.apiName, 'insert', [record.id], atMs);
    return record;
  }

  update(def: ModuleDef, id: string, values: Record<string, unknown>): BiginRecord | undefined {
    const current = this.get(def, id);
    if (!current) return undefined;
    const record = applyUpdate(def, current, values, this.clock.now());
    this.putStmt.run(def.scopeKey, id, JSON.stringify(record));
    this.events?.push(def.apiName, 'update', [id], this.clock.now());
    return record;
  }
}
