import { z } from 'zod';
import { ErrorInfoSchema } from './connection.ts';
import { RunId, WorkflowId } from './ids.ts';
import { TriggerEvent, TriggerModule } from './workflow.ts';

/**
 * Where a live trigger has read up to. `modifiedTime` is the highest `Modified_Time` seen, as Bigin
 * wrote it; `seen` holds `<record id>@<epoch ms>#<content version>` for every record read within the
 * overlap window below it, so a record written late with an earlier time, or twice within one second,
 * is still caught and nothing runs twice.
 */
export const Checkpoint = z.object({
  modifiedTime: z.string().nullable(),
  seen: z.array(z.string()),
  /**
   * The server's clock (its `Date` header) when the last complete read began: everything written
   * before it was read then, so the next read can start there (less the overlap) instead of at
   * `modifiedTime`, which may lie far back when nothing changed for a while.
   */
  readUpTo: z.number().nullable().default(null),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** Why a live trigger cannot poll or run right now; `until` when it knows when it can go on. */
export const TriggerTrouble = ErrorInfoSchema.extend({
  since: z.number(),
  until: z.number().optional(),
  linkName: z.string().optional(),
});
export type TriggerTrouble = z.infer<typeof TriggerTrouble>;

export const POLL_INTERVAL_BOUNDS = {
  /** The local sandbox costs nothing per call. */
  sandbox: { min: 1_000, max: 3_600_000, default: 2_000 },
  /** Zoho counts a credit per call (Bigin "API limits"); a minute keeps one workflow near 1,440 a day. */
  provider: { min: 30_000, max: 3_600_000, default: 60_000 },
} as const;

/** A workflow's live state: switched on or off, its checkpoint, and how its last polls went. */
export const TriggerState = z.object({
  workflowId: WorkflowId,
  active: z.boolean(),
  activatedAt: z.number().nullable().default(null),
  /** Null: the default for the connection's data centre. */
  pollIntervalMs: z.number().int().positive().nullable().default(null),
  /** Null until the first poll after activation has taken its baseline. */
  checkpoint: Checkpoint.nullable().default(null),
  lastPollAt: z.number().nullable().default(null),
  lastSuccessAt: z.number().nullable().default(null),
  nextPollAt: z.number().nullable().default(null),
  failures: z.number().int().nonnegative().default(0),
  trouble: TriggerTrouble.nullable().default(null),
  /** Set by "Check now" in any tab; the leading tab polls at once when it sees a newer value. */
  checkRequestedAt: z.number().nullable().default(null),
  updatedAt: z.number(),
});
export type TriggerState = z.infer<typeof TriggerState>;

export const PendingEventStatus = z.enum(['pending', 'running', 'done']);
export type PendingEventStatus = z.infer<typeof PendingEventStatus>;

/**
 * A detected change, written before it runs and marked done after (the durable queue). The key is
 * workflow + record id + Modified_Time, so the same change can be detected twice but queued once.
 */
export const PendingEvent = z.object({
  key: z.string().min(1),
  workflowId: WorkflowId,
  module: TriggerModule,
  recordId: z.string().min(1),
  modifiedTime: z.string(),
  /** The same time as epoch milliseconds: the queue's order. */
  modifiedAt: z.number(),
  event: TriggerEvent,
  record: z.record(z.string(), z.unknown()),
  changedFields: z.array(z.string()).optional(),
  source: z.enum(['live', 'backfill']),
  status: PendingEventStatus,
  runId: RunId.nullable().default(null),
  attempts: z.number().int().nonnegative().default(0),
  detectedAt: z.number(),
  doneAt: z.number().nullable().default(null),
  error: ErrorInfoSchema.nullable().default(null),
});
export type PendingEvent = z.infer<typeof PendingEvent>;

/** One key per record version; `version` tells apart two writes within Modified_Time's one second. */
export function pendingEventKey(workflowId: string, recordId: string, modifiedInstant: number, version?: string): string {
  const key = `${workflowId}|${recordId}|${modifiedInstant}`;
  return version === undefined ? key : `${key}#${version}`;
}

/** The watched fields' values of one record the last time a live trigger saw it. */
export const FieldSnapshot = z.object({
  key: z.string(),
  workflowId: WorkflowId,
  recordId: z.string(),
  values: z.record(z.string(), z.string()),
});
export type FieldSnapshot = z.infer<typeof FieldSnapshot>;

export function snapshotKey(workflowId: string, recordId: string): string {
  return `${workflowId}|${recordId}`;
}

export const BackfillStatus = z.enum(['running', 'paused', 'cancelled', 'done', 'failed']);
export type BackfillStatus = z.infer<typeof BackfillStatus>;

const Count = z.number().int().nonnegative();

/**
 * "Also run on the existing N records" for the Books sync: a bulk job with its own progress, saved
 * after every page of Bigin contacts so it can pause, resume and survive a reload.
 */
export const BackfillJob = z.object({
  workflowId: WorkflowId,
  status: BackfillStatus,
  /** Records in the module when the job started (the progress bar's end). */
  total: Count.nullable(),
  counts: z.object({ checked: Count, created: Count, updated: Count, unchanged: Count, skipped: Count, failed: Count }),
  failures: z.array(z.object({ recordId: z.string(), name: z.string(), email: z.string(), reason: z.string() })),
  cursor: z.object({ page: z.number().int().positive(), pageToken: z.string().nullable(), offset: Count.default(0) }),
  writes: Count,
  /** Running only the failures again (Retry failed). */
  retrying: z.boolean().default(false),
  /** Writes a minute the provider allows, for the time estimate; null when it sets no limit. */
  writesPerMinute: z.number().positive().nullable().default(null),
  startedAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable().default(null),
  error: ErrorInfoSchema.nullable().default(null),
});
export type BackfillJob = z.infer<typeof BackfillJob>;

const PersonRow = z.object({ contact_person_id: z.string() }).catchall(z.union([z.string(), z.boolean()]));

/** What the bulk sync remembers of a Books contact it wrote, so the next update needs no read. */
export const RememberedBooksContact = z.object({
  key: z.string(),
  lastModifiedTime: z.string(),
  persons: z.array(PersonRow),
});
export type RememberedBooksContact = z.infer<typeof RememberedBooksContact>;
