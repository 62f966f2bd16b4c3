/**
 * One check of a live workflow's trigger, without the loop around it: read what changed since the
 * checkpoint (or take a baseline on the first check), turn it into queued events, and say what the
 * trigger state becomes. The browser's watcher and the runner's cluster poll worker both call it,
 * each committing the result its own way.
 */
import {
  AppError,
  isAppError,
  toErrorInfo,
  type FieldSnapshot,
  type PendingEvent,
  type TriggerState,
  type TriggerTrouble,
  type Workflow,
} from '../../domain/index.ts';
import { createConnectionClient } from '../http/client.ts';
import type { OriginSlots } from '../http/originSlots.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import type { Clock, HttpPort, RunLog } from '../ports.ts';
import { EMPTY_CHECKPOINT, advanceCheckpoint, readFloor, OVERLAP_MS } from './checkpoint.ts';
import { detectEvents } from './detect.ts';
import { readChanges } from './poll.ts';

export interface PollCommit {
  events: PendingEvent[];
  snapshots: FieldSnapshot[];
  state: Partial<TriggerState>;
}

/** What a trigger's check needs: the workflow as it is now and the connection it reads through. */
export interface PollTarget {
  workflow: Workflow;
  problems: string[];
  pollLinkName: string | null;
}

export interface PollStepPorts {
  http: HttpPort;
  clock: Clock;
  limiter: RateLimiter;
  slots?: OriginSlots;
  /** Watched values last seen, by record id. */
  snapshots(workflowId: string, recordIds: readonly string[]): Promise<Map<string, Record<string, string>>>;
  defaultIntervalMs(isSandbox: boolean): number;
}

export interface PollStepInput {
  workflowId: string;
  state: TriggerState;
  target: PollTarget;
  signal: AbortSignal;
  overlapMs?: number;
}

/** Either what to commit (events, snapshots, next checkpoint) or the state after a failed check. */
export type PollStepResult = { ok: true; commit: PollCommit } | { ok: false; state: Partial<TriggerState> };

const silentLog: RunLog = { emit() {} };
export const CONNECTION_TROUBLE = new Set(['CONN_REAUTH_REQUIRED', 'CONN_NOT_CONNECTED', 'CONN_NOT_FOUND', 'CONN_WRONG_SERVICE']);
const MAX_BACKOFF_MS = 5 * 60_000;

export function trouble(error: unknown, now: number): TriggerTrouble {
  const info = toErrorInfo(error, 'TRIGGER_POLL_FAILED');
  const out: TriggerTrouble = { ...info, since: now };
  if (isAppError(error)) {
    const until = error.details?.until;
    if (typeof until === 'number') out.until = until;
    const linkName = error.details?.linkName;
    if (typeof linkName === 'string') out.linkName = linkName;
  }
  return out;
}

/** Bounded exponential backoff with equal jitter; a lost connection waits one interval (it is a local check). */
function backoff(interval: number, failures: number, connectionTrouble: boolean, random: number): number {
  if (connectionTrouble) return interval;
  const ceiling = Math.min(Math.max(interval, MAX_BACKOFF_MS / 8) * 8, interval * 2 ** failures, MAX_BACKOFF_MS);
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

export async function pollStep(ports: PollStepPorts, input: PollStepInput): Promise<PollStepResult> {
  const { clock, http } = ports;
  const { workflowId, state, target, signal } = input;
  const overlapMs = input.overlapMs ?? OVERLAP_MS;
  const started = clock.now();
  let interval = state.pollIntervalMs ?? ports.defaultIntervalMs(false);
  try {
    if (target.problems.length > 0)
      throw new AppError('WORKFLOW_INVALID', `The workflow has problems, so it cannot run: ${target.problems.join('; ')}`);
    if (!target.pollLinkName)
      throw new AppError('CONN_NOT_FOUND', 'Pick a Bigin connection in the function step: the trigger watches Bigin through it.');
    const client = createConnectionClient({
      port: http,
      clock,
      log: silentLog,
      limiter: ports.limiter,
      ...(ports.slots ? { slots: ports.slots } : {}),
      dryRun: false,
      // The poll loop has its own backoff; a failed check is tried again at the next one.
      retry: { maxAttempts: 1 },
    });
    const info = await client.connection(target.pollLinkName);
    interval = state.pollIntervalMs ?? ports.defaultIntervalMs(info.isSandbox);
    const trigger = target.workflow.nodes.find((n) => n.type === 'trigger');
    if (!trigger) throw new AppError('WORKFLOW_INVALID', 'The workflow has no trigger');
    const read = { linkName: target.pollLinkName, module: trigger.config.module, signal };
    const checkpoint = state.checkpoint;
    let commit: PollCommit;
    if (checkpoint === null) {
      // First poll after activation: a baseline. What exists now is "seen"; only later changes run.
      const newest = await readChanges(client, clock, { ...read, since: null, stopBefore: 1 });
      const top = newest.records[0];
      const nearNewest = top ? await readChanges(client, clock, { ...read, since: top.instant - overlapMs }) : newest;
      const base = advanceCheckpoint(EMPTY_CHECKPOINT, [...newest.records, ...nearNewest.records], newest.startedAt, overlapMs);
      commit = { events: [], snapshots: [], state: { checkpoint: base.checkpoint } };
    } else {
      const changes = await readChanges(client, clock, { ...read, since: readFloor(checkpoint, overlapMs) });
      const next = advanceCheckpoint(checkpoint, changes.records, changes.startedAt, overlapMs);
      const watching = trigger.config.changedFields.length > 0;
      const snapshots = watching
        ? await ports.snapshots(
            workflowId,
            next.fresh.map((r) => r.id),
          )
        : new Map<string, Record<string, string>>();
      const detected = detectEvents({ workflowId, trigger: trigger.config, records: next.fresh, snapshots, source: 'live', now: clock.now() });
      commit = { events: detected.events, snapshots: detected.snapshots, state: { checkpoint: next.checkpoint } };
    }
    const now = clock.now();
    commit.state = { ...commit.state, lastPollAt: started, lastSuccessAt: now, nextPollAt: now + interval, failures: 0, trouble: null };
    return { ok: true, commit };
  } catch (error) {
    const now = clock.now();
    const problem = trouble(error, now);
    const failures = state.failures + 1;
    const next = problem.until ?? now + backoff(interval, failures, CONNECTION_TROUBLE.has(problem.code), clock.random());
    return { ok: false, state: { lastPollAt: started, nextPollAt: next, failures, trouble: problem } };
  }
}
