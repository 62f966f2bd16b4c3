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

export const CURRENT_DB_VERSION = 2;
