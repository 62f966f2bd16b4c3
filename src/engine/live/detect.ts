/**
 * Turns records read by a poll into queued events: the trigger's events and "only when these fields
 * changed" decide which changes run. Watched fields are compared with a snapshot of the values the
 * trigger saw last; a record never seen before counts as changed.
 */
import {
  pendingEventKey,
  snapshotKey,
  type FieldSnapshot,
  type PendingEvent,
  type TriggerConfig,
} from '../../domain/index.ts';
import type { ChangedRecord } from './checkpoint.ts';

/** One stable text per value, so `null`, `""` and an absent field all read as empty. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function watchedValues(record: Record<string, unknown>, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, fieldText(record[field])]));
}

export interface Detection {
  events: PendingEvent[];
  snapshots: FieldSnapshot[];
  /** Changes read but not queued, with the reason (shown in the trigger's status, never run). */
  ignored: { recordId: string; reason: string }[];
}

export function detectEvents(input: {
  workflowId: string;
  trigger: TriggerConfig;
  records: readonly ChangedRecord[];
  /** Watched values last seen, by record id; only read when the trigger watches fields. */
  snapshots: ReadonlyMap<string, Record<string, string>>;
  source: PendingEvent['source'];
  now: number;
}): Detection {
  const { workflowId, trigger } = input;
  const watching = trigger.changedFields.length > 0;
  const latest = new Map(input.snapshots);
  const out: Detection = { events: [], snapshots: [], ignored: [] };
  for (const change of input.records) {
    let changedFields: string[] | undefined;
    if (watching) {
      const values = watchedValues(change.record, trigger.changedFields);
      const before = latest.get(change.id);
      changedFields = trigger.changedFields.filter((field) => before === undefined || before[field] !== values[field]);
      latest.set(change.id, values);
      out.snapshots.push({ key: snapshotKey(workflowId, change.id), workflowId, recordId: change.id, values });
    }
    if (!trigger.events.includes(change.event)) {
      out.ignored.push({ recordId: change.id, reason: `the trigger does not listen to ${change.event === 'create' ? 'Create' : 'Edit'}` });
      continue;
    }
    if (change.event === 'edit' && changedFields !== undefined && changedFields.length === 0) {
      out.ignored.push({ recordId: change.id, reason: `none of the watched fields changed (${trigger.changedFields.join(', ')})` });
      continue;
    }
    const event: PendingEvent = {
      key: pendingEventKey(workflowId, change.id, change.instant),
      workflowId,
      module: trigger.module,
      recordId: change.id,
      modifiedTime: change.modifiedTime,
      modifiedAt: change.instant,
      event: change.event,
      record: change.record,
      source: input.source,
      status: 'pending',
      runId: null,
      attempts: 0,
      detectedAt: input.now,
      doneAt: null,
      error: null,
    };
    if (change.event === 'edit' && changedFields !== undefined) event.changedFields = changedFields;
    out.events.push(event);
  }
  return out;
}
