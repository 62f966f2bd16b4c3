import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendingEventKey, type PendingEvent } from '../../../src/domain/index.ts';
import {
  AppDatabase,
  activateTrigger,
  commitPoll,
  countQueuedEvents,
  createWorkflow,
  deactivateTrigger,
  deleteWorkflow,
  getTriggerState,
  queuedEvents,
  resetDatabaseForTests,
  snapshotsFor,
  updateEvent,
} from '../../../src/storage/index.ts';

let workflowId = '';

function event(recordId: string, modifiedAt: number, status: PendingEvent['status'] = 'pending'): PendingEvent {
  return {
    key: pendingEventKey(workflowId, recordId, modifiedAt),
    workflowId,
    module: 'Contacts',
    recordId,
    modifiedTime: new Date(modifiedAt).toISOString().slice(0, 19) + '+00:00',
    modifiedAt,
    event: 'edit',
    record: { id: recordId },
    source: 'live',
    status,
    runId: null,
    attempts: 0,
    detectedAt: 1,
    doneAt: null,
    error: null,
  };
}

beforeEach(async () => {
  resetDatabaseForTests(new AppDatabase(`triggers-${crypto.randomUUID()}`));
  workflowId = (await createWorkflow({ name: 'Live' })).id;
});
afterEach(() => resetDatabaseForTests());

describe('live trigger storage', () => {
  it('commits a poll once: a change already queued is not queued again, and the checkpoint moves with it', async () => {
    await activateTrigger(workflowId, null);
    const checkpoint = { modifiedTime: '2026-12-04T10:00:05+00:00', seen: ['r1@5000'], readUpTo: null };
    expect(await commitPoll(workflowId, { events: [event('r1', 5000)], snapshots: [], state: { checkpoint } })).toBe(true);
    await updateEvent(pendingEventKey(workflowId, 'r1', 5000), { status: 'done', doneAt: 10 });
    expect(await commitPoll(workflowId, { events: [event('r1', 5000), event('r2', 4000)], snapshots: [], state: {} })).toBe(true);
    expect((await queuedEvents(workflowId, 10)).map((e) => e.recordId)).toEqual(['r2']);
    expect((await getTriggerState(workflowId))?.checkpoint).toEqual(checkpoint);
  });

  it('lists running then pending changes oldest first and counts them', async () => {
    await activateTrigger(workflowId, null);
    await commitPoll(workflowId, { events: [event('b', 3000), event('a', 1000), event('c', 2000, 'running')], snapshots: [], state: {} });
    expect((await queuedEvents(workflowId, 10)).map((e) => e.recordId)).toEqual(['a', 'c', 'b']);
    expect(await countQueuedEvents(workflowId)).toBe(3);
  });

  it('writes nothing for a workflow switched off meanwhile; switching off drops what has not started', async () => {
    await activateTrigger(workflowId, 2000);
    await commitPoll(workflowId, {
      events: [event('a', 1000), event('b', 2000, 'running')],
      snapshots: [{ key: `${workflowId}|a`, workflowId, recordId: 'a', values: { Phone: '1' } }],
      state: {},
    });
    expect((await snapshotsFor(workflowId, ['a'])).get('a')).toEqual({ Phone: '1' });
    await deactivateTrigger(workflowId);
    expect((await queuedEvents(workflowId, 10)).map((e) => e.recordId)).toEqual(['b']);
    expect(await snapshotsFor(workflowId, ['a'])).toEqual(new Map());
    expect(await getTriggerState(workflowId)).toMatchObject({ active: false, checkpoint: null, pollIntervalMs: 2000 });
    expect(await commitPoll(workflowId, { events: [event('c', 3000)], snapshots: [], state: {} })).toBe(false);
    expect(await countQueuedEvents(workflowId)).toBe(1);
  });

  it('deleting a workflow removes its trigger, queue and snapshots', async () => {
    await activateTrigger(workflowId, null);
    await commitPoll(workflowId, {
      events: [event('a', 1000)],
      snapshots: [{ key: `${workflowId}|a`, workflowId, recordId: 'a', values: {} }],
      state: {},
    });
    await deleteWorkflow(workflowId);
    expect(await getTriggerState(workflowId)).toBeUndefined();
    expect(await countQueuedEvents(workflowId)).toBe(0);
    expect(await snapshotsFor(workflowId, ['a'])).toEqual(new Map());
  });
});
