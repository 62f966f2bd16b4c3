/**
 * One live workflow: polls its Bigin module on a schedule, queues each change durably before it
 * runs, runs the queue (changes to one record in order, different records side by side), and keeps
 * a status a person can read. Every effect goes through ports, so a headless runner can drive the
 * same code with its own store and HTTP.
 */
import {
  AppError,
  connectionStatusError,
  toErrorInfo,
  type ErrorInfo,
  type PendingEvent,
  type RunStatus,
  type TriggerState,
  type TriggerTrouble,
  type Workflow,
} from '../../domain/index.ts';
import type { OriginSlots } from '../http/originSlots.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import type { Clock, HttpPort } from '../ports.ts';
import { OVERLAP_MS } from './checkpoint.ts';
import { CONNECTION_TROUBLE, pollStep, trouble, type PollCommit } from './pollStep.ts';

export type { PollCommit } from './pollStep.ts';

export interface LiveStore {
  state(workflowId: string): Promise<TriggerState | undefined>;
  snapshots(workflowId: string, recordIds: readonly string[]): Promise<Map<string, Record<string, string>>>;
  /**
   * In one transaction: queue the events (a key already queued is left as it is), write the
   * snapshots and the new checkpoint. False, writing nothing, when the workflow was switched off.
   */
  commitPoll(workflowId: string, commit: PollCommit): Promise<boolean>;
  updateState(workflowId: string, patch: Partial<TriggerState>): Promise<void>;
  /** Pending and running events, oldest change first. */
  queuedEvents(workflowId: string, limit: number): Promise<PendingEvent[]>;
  updateEvent(key: string, patch: Partial<PendingEvent>): Promise<void>;
}

export interface LiveTarget {
  workflow: Workflow;
  /** Why it cannot run (validation problems), in words; empty when it can. */
  problems: string[];
  /** The Bigin connection the trigger reads through. */
  pollLinkName: string | null;
  /** Every connection its functions use, checked before a change runs. */
  linkNames: string[];
}

export interface StartedRun {
  runId: string;
  done: Promise<{ status: RunStatus; error: ErrorInfo | null }>;
}

export interface LivePorts {
  store: LiveStore;
  http: HttpPort;
  clock: Clock;
  /** Shared with every other run, so a provider's rate limit holds across live, backfill and test runs. */
  limiter: RateLimiter;
  slots?: OriginSlots;
  target(workflowId: string): Promise<LiveTarget | undefined>;
  startRun(target: LiveTarget, event: PendingEvent, notes: string[]): Promise<StartedRun>;
  /** True while a run with this id goes on somewhere (its lock is held). */
  runAlive(runId: string): Promise<boolean>;
  /** Poll interval for the connection's data centre, unless the workflow sets its own. */
  defaultIntervalMs(isSandbox: boolean): number;
}

export interface WatcherOptions {
  /** Changes of different records run side by side up to this many per workflow. */
  concurrency?: number;
  overlapMs?: number;
}

/** Failures after which a change is put back in the queue instead of being marked done. */
const RETRY_LATER = new Set(['CONN_REAUTH_REQUIRED', 'CONN_NOT_CONNECTED', 'HTTP_NETWORK', 'HTTP_OFFLINE']);
/** While the trigger cannot read Bigin for one of these, queued changes wait instead of failing. */
const UNREACHABLE = new Set(['HTTP_NETWORK', 'HTTP_OFFLINE']);

export class WorkflowWatcher {
  private stopped = false;
  private wake: (() => void) | null = null;
  private forced = false;
  private readonly stop$ = new AbortController();
  /** Records with a run going; their later changes wait. */
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private running = 0;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private loopDone: Promise<void> | null = null;
  private readonly concurrency: number;
  private readonly overlapMs: number;

  constructor(
    readonly workflowId: string,
    private readonly ports: LivePorts,
    options: WatcherOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.overlapMs = options.overlapMs ?? OVERLAP_MS;
  }

  start(): void {
    this.loopDone ??= this.loop().finally(() => {
      this.finished = true;
    });
  }

  /** True once the loop has ended (switched off, stopped, or its workflow is gone). */
  finished = false;

  /** No new polls or runs from now on; runs already going finish and are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stop$.abort(new AppError('RUN_CANCELLED', 'The workflow was switched off'));
    this.wake?.();
    await this.loopDone?.catch(() => {});
  }

  checkNow(): void {
    this.forced = true;
    this.wake?.();
  }

  /** Settles once no queue pass and no run of this watcher is going (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.draining || this.inFlight.size > 0) {
      await this.draining;
      await Promise.all([...this.inFlight]);
    }
  }

  private async loop(): Promise<void> {
    await this.recoverCutOffRuns();
    while (!this.stopped) {
      const state = await this.ports.store.state(this.workflowId);
      if (!state?.active) break;
      const now = this.ports.clock.now();
      const due = state.nextPollAt ?? now;
      if (!this.forced && due > now) {
        await this.sleep(due - now);
        continue;
      }
      this.forced = false;
      await this.pollOnce(state);
      this.kick();
    }
  }

  private async sleep(ms: number): Promise<void> {
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    const timer = new AbortController();
    await Promise.race([woken, this.ports.clock.sleep(ms, timer.signal).catch(() => {})]);
    timer.abort();
    this.wake = null;
  }

  /** A change whose run was cut off by a reload or a closed tab goes back to the queue. */
  private async recoverCutOffRuns(): Promise<void> {
    const queued = await this.ports.store.queuedEvents(this.workflowId, 1000);
    for (const event of queued) {
      if (event.status !== 'running') continue;
      if (event.runId && (await this.ports.runAlive(event.runId))) continue;
      await this.ports.store.updateEvent(event.key, { status: 'pending' });
    }
  }

  private async pollOnce(state: TriggerState): Promise<void> {
    const { store } = this.ports;
    const target = await this.ports.target(this.workflowId);
    if (!target) {
      await store.updateState(this.workflowId, { active: false, nextPollAt: null });
      this.stopped = true;
      return;
    }
    const result = await pollStep(
      { ...this.ports, snapshots: (workflowId, recordIds) => store.snapshots(workflowId, recordIds) },
      { workflowId: this.workflowId, state, target, signal: this.stop$.signal, overlapMs: this.overlapMs },
    );
    if (result.ok) {
      if (!(await store.commitPoll(this.workflowId, result.commit))) this.stopped = true;
    } else if (!this.stopped) await store.updateState(this.workflowId, result.state);
  }

  /** Runs what the queue holds; called after each poll and whenever a run ends. */
  private kick(): void {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.drainAgain && !this.stopped) {
        this.drainAgain = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    const { store } = this.ports;
    const state = await store.state(this.workflowId);
    if (this.stopped || !state?.active) return;
    // While Bigin cannot be reached or a connection needs reconnecting, changes wait in the queue.
    if (state.trouble && (UNREACHABLE.has(state.trouble.code) || CONNECTION_TROUBLE.has(state.trouble.code))) return;
    const target = await this.ports.target(this.workflowId);
    if (!target || target.problems.length > 0) return;
    const held = await this.connectionHold(target);
    if (held) {
      await store.updateState(this.workflowId, { trouble: held });
      return;
    }
    const queued = await store.queuedEvents(this.workflowId, 200);
    // Later changes of a record wait for its earlier ones, which sit before them in the queue.
    const passed = new Set<string>();
    for (const event of queued) {
      if (this.stopped || this.running >= this.concurrency) break;
      const first = !passed.has(event.recordId);
      passed.add(event.recordId);
      if (!first || this.busy.has(event.recordId)) continue;
      if (event.status === 'running' && event.runId && (await this.ports.runAlive(event.runId))) continue;
      this.busy.add(event.recordId);
      this.running += 1;
      const run: Promise<void> = this.runEvent(target, event).finally(() => {
        this.running -= 1;
        this.busy.delete(event.recordId);
        this.inFlight.delete(run);
        if (!this.stopped) this.kick();
      });
      this.inFlight.add(run);
    }
  }

  private async connectionHold(target: LiveTarget): Promise<TriggerTrouble | null> {
    for (const linkName of target.linkNames) {
      const refusal = connectionStatusError(linkName, (await this.ports.http.describe(linkName))?.status);
      if (refusal) return trouble(refusal, this.ports.clock.now());
    }
    return null;
  }

  private async runEvent(target: LiveTarget, event: PendingEvent): Promise<void> {
    const { store, clock } = this.ports;
    const notes = event.attempts > 0 ? [`Resumed: an earlier attempt at this change did not finish (attempt ${event.attempts + 1})`] : [];
    let started: StartedRun;
    try {
      started = await this.ports.startRun(target, event, notes);
    } catch (error) {
      await store.updateEvent(event.key, { status: 'pending', error: toErrorInfo(error, 'WORKFLOW_INVALID') });
      return;
    }
    await store.updateEvent(event.key, { status: 'running', runId: started.runId, attempts: event.attempts + 1 });
    const outcome = await started.done;
    if (outcome.error && RETRY_LATER.has(outcome.error.code)) {
      await store.updateEvent(event.key, { status: 'pending', error: outcome.error });
      await store.updateState(this.workflowId, { trouble: { ...outcome.error, since: clock.now() } });
      return;
    }
    await store.updateEvent(event.key, { status: 'done', doneAt: clock.now(), error: outcome.error });
  }
}
