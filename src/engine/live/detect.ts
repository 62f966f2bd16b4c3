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
  type TriggerEvent,
  type TriggerModule,
  type Workflow,
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

/** A change as the queue holds it, keyed by workflow + record + Modified_Time. */
export function queuedEvent(
  workflowId: string,
  module: TriggerModule,
  change: ChangedRecord,
  event: TriggerEvent,
  source: PendingEvent['source'],
  now: number,
): PendingEvent {
  return {
    key: pendingEventKey(workflowId, change.id, change.instant, change.version),
    workflowId,
    module,
    recordId: change.id,
    modifiedTime: change.modifiedTime,
    modifiedAt: change.instant,
    event,
    record: change.record,
    source,
    status: 'pending',
    runId: null,
    attempts: 0,
    detectedAt: now,
    doneAt: null,
    error: null,
  };
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
    const event = queuedEvent(workflowId, trigger.module, change, change.event, input.source, input.now);
    if (change.event === 'edit' && changedFields !== undefined) event.changedFields = changedFields;
    out.events.push(event);
  }
  return out;
}

/**
 * Existing records queued on activation ("Also run on the existing N records"): each as its own
 * event (create when never edited), or as the event the trigger listens to when it ignores that one.
 */
export function backfillEvents(workflow: Pick<Workflow, 'id' | 'nodes'>, records: readonly ChangedRecord[], now: number): PendingEvent[] {
  const trigger = workflow.nodes.find((n) => n.type === 'trigger');
  if (!trigger) return [];
  const listened = trigger.config.events;
  return records.map((change) =>
    queuedEvent(
      workflow.id,
      trigger.config.module,
      change,
      listened.includes(change.event) ? change.event : (listened[0] ?? change.event),
      'backfill',
      now,
    ),
  );
}
