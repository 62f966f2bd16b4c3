/**
 * Every Dexie schema version this app has shipped. Never edit or remove an old entry: a browser may
 * still hold a database at that version (Dexie docs "Database versioning").
 */
export const DB_NAME = 'workflow-builder';

export const SCHEMA_V1 = {
  services: '&id, &linkName',
  connections: '&id, &linkName, serviceId',
  vault: '&id',
  keys: '&id',
  pending: '&id, expiresAt',
  workflows: '&id, updatedAt',
  runs: '&id, workflowId, startedAt, status',
  logs: '[runId+seq], runId',
  meta: '&key',
} as const;

/** v2: undo history kept per workflow; runs listed per workflow by start time. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  history: '&workflowId',
  runs: '&id, workflowId, startedAt, status, [workflowId+startedAt]',
} as const;

/**
 * v3: live workflows. Trigger state per workflow, the durable queue of detected changes (read per
 * workflow and status in change order), snapshots of watched fields, backfill progress, and what
 * the bulk sync remembers of the Books contacts it wrote.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  triggers: '&workflowId',
  events: '&key, workflowId, [workflowId+status+modifiedAt]',
  snapshots: '&key, workflowId',
  backfills: '&workflowId',
  bookslinks: '&key',
} as const;

export const CURRENT_DB_VERSION = 3;
