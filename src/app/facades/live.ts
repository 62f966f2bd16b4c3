/**
 * What the Active switch, the activation dialog and the trigger's status line may use. Switching
 * writes the trigger state; the leading tab (app/live) follows it and does the polling and running.
 */
import { AppError, POLL_INTERVAL_BOUNDS, type BackfillJob, type TriggerState, type Workflow } from '../../domain/index.ts';
import { systemClock } from '../../engine/clock.ts';
import { createConnectionClient } from '../../engine/http/client.ts';
import { EMPTY_COUNTS } from '../../engine/functions/bulkSync.ts';
import { backfillEvents } from '../../engine/live/detect.ts';
import type { ChangedRecord } from '../../engine/live/checkpoint.ts';
import { readChanges } from '../../engine/live/poll.ts';
import {
  activateTrigger,
  countQueuedEvents,
  deactivateTrigger,
  getBackfill,
  getTriggerState,
  getWorkflow,
  listTriggerStates,
  listWorkflows,
  queueEvents,
  saveBackfill,
  updateBackfill,
  setPollInterval,
  updateTriggerState,
} from '../../storage/index.ts';
import { connectedHttp } from '../connectedHttp.ts';
import { bulkTarget } from '../live/backfill.ts';
import { targetOf } from '../live/target.ts';
import { connectionForRole } from '../runs/connectionsUsed.ts';

export { live, type LiveValue } from '../../storage/index.ts';
export { POLL_INTERVAL_BOUNDS, type BackfillJob, type TriggerState, type TriggerTrouble } from '../../domain/index.ts';

export interface LiveStatus {
  state: TriggerState | null;
  queued: number;
  /** The trigger reads the local sandbox (its poll interval bounds differ). */
  isSandbox: boolean;
  backfill: BackfillJob | null;
}

export async function liveStatus(workflowId: string): Promise<LiveStatus> {
  const [state, queued, workflow, backfill] = await Promise.all([
    getTriggerState(workflowId),
    countQueuedEvents(workflowId),
    getWorkflow(workflowId),
    getBackfill(workflowId),
  ]);
  return { state: state ?? null, queued, isSandbox: workflow ? await pollsSandbox(workflow) : false, backfill: backfill ?? null };
}

/** The Bigin connection a workflow's trigger reads through, if one is picked. */
export function pollConnectionOf(workflow: Pick<Workflow, 'nodes'>): string | null {
  return connectionForRole(workflow, 'bigin');
}

export interface LiveRow {
  trigger: TriggerState | null;
  /** Why it cannot be switched on; null when it can. */
  blocker: string | null;
}

/** The Workflows list's live column: each workflow's switch state and what keeps it off. */
export async function liveRows(): Promise<Map<string, LiveRow>> {
  const [states, workflows] = await Promise.all([listTriggerStates(), listWorkflows()]);
  const byId = new Map(states.map((state) => [state.workflowId, state]));
  const rows = await Promise.all(
    workflows.map(async (workflow): Promise<[string, LiveRow]> => [
      workflow.id,
      { trigger: byId.get(workflow.id) ?? null, blocker: await activationBlocker(workflow) },
    ]),
  );
  return new Map(rows);
}

/** Why the workflow cannot be switched on, in words; null when it can. */
export async function activationBlocker(workflow: Workflow): Promise<string | null> {
  const target = await targetOf(workflow);
  if (target.problems.length > 0)
    return `Fix ${target.problems.length === 1 ? 'its problem' : `its ${target.problems.length} problems`} first: ${target.problems.join('; ')}`;
  if (!target.pollLinkName) return 'Pick a Bigin connection in the function step first: the trigger watches Bigin through it.';
  return null;
}

async function readAll(workflow: Workflow, signal: AbortSignal): Promise<ChangedRecord[]> {
  const target = await targetOf(workflow);
  const trigger = workflow.nodes.find((n) => n.type === 'trigger');
  if (!target.pollLinkName || !trigger) throw new AppError('CONN_NOT_FOUND', 'Pick a Bigin connection in the function step first.');
  const client = createConnectionClient({ port: connectedHttp, clock: systemClock, log: { emit() {} }, dryRun: false });
  return (await readChanges(client, systemClock, { linkName: target.pollLinkName, module: trigger.config.module, since: null, signal })).records;
}

/** How many records the trigger's module holds now, read through the workflow's Bigin connection. */
export async function existingRecordCount(workflow: Workflow, signal: AbortSignal): Promise<number> {
  return (await readAll(workflow, signal)).length;
}

/**
 * Switches the workflow on. With `backfill`, every record that exists now is queued too, keyed as a
 * live change of that record would be, so an edit read by the first poll is not run twice.
 */
export async function switchOn(workflowId: string, options: { backfill: boolean; existingCount?: number }): Promise<void> {
  const workflow = await getWorkflow(workflowId);
  if (!workflow) throw new AppError('NOT_FOUND', 'This workflow no longer exists.');
  const blocker = await activationBlocker(workflow);
  if (blocker) throw new AppError('WORKFLOW_INVALID', blocker);
  const previous = await getTriggerState(workflowId);
  const bulk = options.backfill ? bulkTarget(workflow) : null;
  // The Books sync backfills in bulk and reads Bigin itself, so it needs only the count the dialog read;
  // any other workflow runs each existing record through the queue, so those are read here.
  const existing = options.backfill && !(bulk && options.existingCount !== undefined) ? await readAll(workflow, new AbortController().signal) : [];
  const total = bulk && options.existingCount !== undefined ? options.existingCount : existing.length;
  await activateTrigger(workflowId, previous?.pollIntervalMs ?? null);
  if (!options.backfill || total === 0) return;
  if (bulk) await saveBackfill(newBackfill(workflowId, total));
  else await queueEvents(backfillEvents(workflow, existing, Date.now()));
}

function newBackfill(workflowId: string, total: number): BackfillJob {
  const now = Date.now();
  return {
    workflowId,
    status: 'running',
    total,
    counts: { ...EMPTY_COUNTS },
    failures: [],
    cursor: { page: 1, pageToken: null, offset: 0 },
    writes: 0,
    retrying: false,
    writesPerMinute: null,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    error: null,
  };
}

export function backfillOf(workflowId: string): Promise<BackfillJob | null> {
  return getBackfill(workflowId).then((job) => job ?? null);
}

export async function pauseBackfill(workflowId: string): Promise<void> {
  await updateBackfill(workflowId, { status: 'paused' }, 'running');
}

/** Resume after a pause or a failure: the job goes on from the last page it saved. */
export async function resumeBackfill(workflowId: string): Promise<void> {
  const job = await getBackfill(workflowId);
  if (job && (job.status === 'paused' || job.status === 'failed'))
    await updateBackfill(workflowId, { status: 'running', error: null, finishedAt: null });
}

export async function cancelBackfill(workflowId: string): Promise<void> {
  const job = await getBackfill(workflowId);
  if (job && job.status !== 'done' && job.status !== 'cancelled') await updateBackfill(workflowId, { status: 'cancelled', finishedAt: Date.now() });
}

/** Runs only the contacts that failed, each read again from Bigin. */
export async function retryBackfillFailures(workflowId: string): Promise<void> {
  const job = await getBackfill(workflowId);
  if (job && job.failures.length > 0 && job.status !== 'running')
    await updateBackfill(workflowId, { status: 'running', retrying: true, error: null, finishedAt: null });
}

export function switchOff(workflowId: string): Promise<void> {
  return deactivateTrigger(workflowId);
}

export function checkNow(workflowId: string): Promise<void> {
  return updateTriggerState(workflowId, { checkRequestedAt: Date.now() });
}

/** Seconds between checks; null returns to the data centre's default. */
export async function changePollInterval(workflowId: string, seconds: number | null, isSandbox: boolean): Promise<void> {
  if (seconds !== null) {
    const bounds = isSandbox ? POLL_INTERVAL_BOUNDS.sandbox : POLL_INTERVAL_BOUNDS.provider;
    const ms = Math.round(seconds * 1000);
    if (!Number.isFinite(ms) || ms < bounds.min || ms > bounds.max)
      throw new AppError('VALIDATION', `Choose from ${bounds.min / 1000} to ${bounds.max / 1000} seconds.`);
    await setPollInterval(workflowId, ms);
    return;
  }
  await setPollInterval(workflowId, null);
}

/** Whether the workflow's Bigin connection is a sandbox one (its poll interval bounds differ). */
export async function pollsSandbox(workflow: Workflow): Promise<boolean> {
  // Read on every status change: only the connection is needed, not a validation of the whole workflow.
  const linkName = pollConnectionOf(workflow);
  return linkName ? ((await connectedHttp.describe(linkName))?.isSandbox ?? false) : false;
}
