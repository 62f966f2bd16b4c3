import Dexie, { type Table } from 'dexie';
import { tryMigrateWorkflowDocument } from '../domain/index.ts';
import { DB_NAME, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3 } from './schema.ts';

/** Rows are stored as plain JSON-like objects and parsed by the repositories on the way out. */
export type Row = Record<string, unknown>;

export interface VaultRow {
  id: string;
  iv: Uint8Array;
  ciphertext: ArrayBuffer;
  updatedAt: number;
}

export interface KeyRow {
  id: string;
  key: CryptoKey;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class AppDatabase extends Dexie {
  services!: Table<Row, string>;
  connections!: Table<Row, string>;
  vault!: Table<VaultRow, string>;
  keys!: Table<KeyRow, string>;
  pending!: Table<Row, string>;
  workflows!: Table<Row, string>;
  runs!: Table<Row, string>;
  logs!: Table<Row, [string, number]>;
  meta!: Table<MetaRow, string>;
  history!: Table<Row, string>;
  triggers!: Table<Row, string>;
  events!: Table<Row, string>;
  snapshots!: Table<Row, string>;
  backfills!: Table<Row, string>;
  bookslinks!: Table<Row, string>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        await tx
          .table('workflows')
          .toCollection()
          .modify((row: Row, ref: { value: Row }) => {
            // A row no step can read stays as it was (kept for recovery); readers report it.
            const migrated = tryMigrateWorkflowDocument(row);
            if (migrated.ok) ref.value = migrated.document as Row;
          });
      });
    this.version(3).stores(SCHEMA_V3);
  }
}
