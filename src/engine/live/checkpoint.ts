/**
 * The trigger's cursor: the highest Modified_Time read plus the records read near it. A poll reads
 * from a little before the cursor (the overlap), so a record whose write became visible late is
 * still caught, and drops what it has already seen, so nothing is queued twice.
 */
import type { Checkpoint, TriggerEvent } from '../../domain/index.ts';
import { recordVersion } from './recordVersion.ts';
import { zohoInstant } from './time.ts';

/** A write may become visible after later ones; re-reading a minute costs little, missing a change costs a sync. */
export const OVERLAP_MS = 60_000;

export interface ChangedRecord {
  id: string;
  /** Modified_Time as Bigin wrote it. */
  modifiedTime: string;
  instant: number;
  /** The content's fingerprint: two writes within one second share a Modified_Time, not a version. */
  version: string;
  event: TriggerEvent;
  record: Record<string, unknown>;
}

/** A list row as a change; null when it lacks an id or a readable Modified_Time. */
export function toChangedRecord(row: Record<string, unknown>): ChangedRecord | null {
  const id = typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : '';
  const instant = zohoInstant(row.Modified_Time);
  if (!id || Number.isNaN(instant)) return null;
  const created = zohoInstant(row.Created_Time);
  // Bigin writes Created_Time == Modified_Time on a new record; any later write moves Modified_Time.
  const event: TriggerEvent = created === instant ? 'create' : 'edit';
  return { id, modifiedTime: String(row.Modified_Time), instant, version: recordVersion(row), event, record: row };
}

/** `<id>@<instant>`: a record at one Modified_Time, whatever its content (the only key before versions were kept). */
function instantKey(id: string, instant: number): string {
  return `${id}@${instant}`;
}

export function seenKey(record: Pick<ChangedRecord, 'id' | 'instant' | 'version'>): string {
  return `${instantKey(record.id, record.instant)}#${record.version}`;
}

function instantKeyOf(key: string): string {
  const hash = key.indexOf('#', key.lastIndexOf('@'));
  return hash === -1 ? key : key.slice(0, hash);
}

function instantOfKey(key: string): number {
  const plain = instantKeyOf(key);
  return Number(plain.slice(plain.lastIndexOf('@') + 1));
}

export const EMPTY_CHECKPOINT: Checkpoint = { modifiedTime: null, seen: [], readUpTo: null };

/** Where the next read starts: nothing before it can be unseen. Null reads everything. */
export function readFloor(checkpoint: Checkpoint, overlapMs = OVERLAP_MS): number | null {
  const cursor = zohoInstant(checkpoint.modifiedTime);
  const marks = [cursor, checkpoint.readUpTo ?? Number.NaN].filter((n) => !Number.isNaN(n));
  return marks.length === 0 ? null : Math.max(...marks) - overlapMs;
}

function byTime(a: ChangedRecord, b: ChangedRecord): number {
  return a.instant - b.instant || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The records not seen before, oldest first, and the checkpoint after them. `readStartedAt` is the
 * server time when this read began (null when unknown).
 */
export function advanceCheckpoint(
  checkpoint: Checkpoint,
  records: readonly ChangedRecord[],
  readStartedAt: number | null,
  overlapMs = OVERLAP_MS,
): { fresh: ChangedRecord[]; checkpoint: Checkpoint } {
  const floor = readFloor(checkpoint, overlapMs);
  const seen = new Set(checkpoint.seen);
  // Keys without a version were written before versions were kept: such a record counts as seen.
  const seenInstants = new Set(checkpoint.seen.map(instantKeyOf));
  const fresh: ChangedRecord[] = [];
  const unique = new Map<string, ChangedRecord>();
  for (const record of records) unique.set(seenKey(record), record);
  for (const [key, record] of unique) {
    const atInstant = instantKey(record.id, record.instant);
    if (seen.has(key) || seen.has(atInstant) || (floor !== null && record.instant < floor)) continue;
    // Another version at the same Modified_Time was seen: this one is a later write, so an edit even
    // when Modified_Time still equals Created_Time.
    fresh.push(seenInstants.has(atInstant) ? { ...record, event: 'edit' } : record);
  }
  fresh.sort(byTime);
  let newest = checkpoint.modifiedTime;
  let newestInstant = zohoInstant(newest);
  for (const record of unique.values()) {
    if (Number.isNaN(newestInstant) || record.instant > newestInstant) {
      newest = record.modifiedTime;
      newestInstant = record.instant;
    }
  }
  const readUpTo = readStartedAt === null ? checkpoint.readUpTo : Math.max(readStartedAt, checkpoint.readUpTo ?? readStartedAt);
  const next: Checkpoint = { modifiedTime: newest, seen: [], readUpTo };
  const keepFrom = readFloor(next, overlapMs) ?? Number.NEGATIVE_INFINITY;
  next.seen = [...new Set([...seen, ...unique.keys()])].filter((key) => instantOfKey(key) >= keepFrom).sort();
  return { fresh, checkpoint: next };
}
