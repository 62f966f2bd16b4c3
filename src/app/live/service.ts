/**
 * The leading tab's live workflows (DESIGN.md flow 4): one engine watcher per active workflow,
 * started and stopped as trigger states change in any tab, with the app's storage, connected HTTP
 * and the page's run service as its ports.
 */
import { POLL_INTERVAL_BOUNDS, type BackfillJob, type TriggerState } from '../../domain/index.ts';
import { systemClock } from '../../engine/clock.ts';
import { QUEUED_RUN_LIMITS } from '../../engine/runner.ts';
import { WorkflowWatcher, type LivePorts } from '../../engine/live/watcher.ts';
import {
  commitPoll,
  getTriggerState,
  pruneDoneEvents,
  queuedEvents,
  snapshotsFor,
  updateEvent,
  updateTriggerState,
  watchBackfills,
  watchTriggerStates,
} from '../../storage/index.ts';
import { connectedHttp } from '../connectedHttp.ts';
import { runService } from '../runs/instance.ts';
import { runsHeldElsewhere } from '../runs/locks.ts';
import { runnerFeed, type RunnerActiveSource } from '../pairedRunner/feed.ts';
import { runBackfill } from './backfill.ts';
import { liveTarget } from './target.ts';

const DONE_EVENTS_KEPT_MS = 7 * 24 * 3_600_000;

const EVENT_WORDS = { create: 'Create', edit: 'Edit' } as const;

export const livePorts: LivePorts = {
  store: {
    state: getTriggerState,
    snapshots: snapshotsFor,
    commitPoll,
    updateState: updateTriggerState,
    queuedEvents,
    updateEvent,
  },
  http: connectedHttp,
  clock: systemClock,
  limiter: runService.limiter,
  slots: runService.slots,
  target: liveTarget,
  async startRun(target, event, notes) {
    const what = `${event.module === 'Contacts' ? 'contact' : 'record'} ${event.recordId}`;
    const handle = await runService.start(target.workflow, {
      record: event.record,
      event: event.event,
      dryRun: false,
      mode: 'live',
      ...(event.changedFields ? { changedFields: event.changedFields } : {}),
      notes: [`Live run: Bigin ${what} (${EVENT_WORDS[event.event]} at ${event.modifiedTime})`, ...notes],
      limits: QUEUED_RUN_LIMITS,
    });
    return { runId: handle.runId, done: handle.done.then((run) => ({ status: run.status, error: run.error })) };
  },
  async runAlive(runId) {
    return runService.isActive(runId) || (await runsHeldElsewhere())(runId);
  },
  defaultIntervalMs: (isSandbox) => (isSandbox ? POLL_INTERVAL_BOUNDS.sandbox.default : POLL_INTERVAL_BOUNDS.provider.default),
};

/**
 * The switched-on workflows this browser watches: never one the runner reports active, so one change
 * makes one run wherever it runs.
 */
export function watchedStates(states: readonly TriggerState[], onRunner: ReadonlySet<string>): Map<string, TriggerState> {
  return new Map(states.filter((s) => s.active && !onRunner.has(s.workflowId)).map((s) => [s.workflowId, s]));
}

export class LiveWorkflows {
  private readonly watchers = new Map<string, WorkflowWatcher>();
  private readonly checksSeen = new Map<string, number>();
  private readonly backfills = new Map<string, AbortController>();
  private unsubscribe: (() => void) | null = null;
  private unsubscribeBackfills: (() => void) | null = null;
  private unsubscribeRunner: (() => void) | null = null;
  private states: TriggerState[] = [];
  private onRunner: ReadonlySet<string> = new Set();

  constructor(
    private readonly ports: LivePorts = livePorts,
    private readonly runner: RunnerActiveSource = runnerFeed,
  ) {}

  /** The workflows this tab watches now. */
  get watching(): string[] {
    return [...this.watchers.keys()];
  }

  start(): void {
    void pruneDoneEvents(Date.now() - DONE_EVENTS_KEPT_MS).catch(() => {});
    this.unsubscribeRunner = this.runner.subscribeActive((sourceIds) => {
      this.onRunner = sourceIds;
      this.follow(this.states);
    });
    this.unsubscribe = watchTriggerStates(
      (states) => this.follow(states),
      (error) => console.error('Live workflows stopped following their switches:', error instanceof Error ? error.message : String(error)),
    );
    this.unsubscribeBackfills = watchBackfills(
      (jobs) => this.followBackfills(jobs),
      (error) => console.error('Backfills stopped following their jobs:', error instanceof Error ? error.message : String(error)),
    );
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribeBackfills?.();
    this.unsubscribeRunner?.();
    for (const controller of this.backfills.values()) controller.abort();
    this.backfills.clear();
    for (const watcher of this.watchers.values()) void watcher.stop();
    this.watchers.clear();
  }

  /** Starts jobs switched to running (in any tab) and stops those paused or cancelled. */
  private followBackfills(jobs: BackfillJob[]): void {
    for (const job of jobs) {
      const going = this.backfills.get(job.workflowId);
      if (job.status === 'running' && !going) {
        const controller = new AbortController();
        this.backfills.set(job.workflowId, controller);
        void runBackfill(job, controller.signal).finally(() => {
          if (this.backfills.get(job.workflowId) === controller) this.backfills.delete(job.workflowId);
        });
      } else if (job.status !== 'running' && going) {
        going.abort();
        this.backfills.delete(job.workflowId);
      }
    }
  }

  private follow(states: TriggerState[]): void {
    this.states = states;
    const active = watchedStates(states, this.onRunner);
    for (const [workflowId, watcher] of this.watchers) {
      if (active.has(workflowId)) continue;
      this.watchers.delete(workflowId);
      void watcher.stop();
    }
    for (const [workflowId, state] of active) {
      let watcher = this.watchers.get(workflowId);
      if (!watcher || watcher.finished) {
        watcher = new WorkflowWatcher(workflowId, this.ports);
        this.watchers.set(workflowId, watcher);
        this.checksSeen.set(workflowId, state.checkRequestedAt ?? 0);
        watcher.start();
      } else if ((state.checkRequestedAt ?? 0) > (this.checksSeen.get(workflowId) ?? 0)) {
        this.checksSeen.set(workflowId, state.checkRequestedAt ?? 0);
        watcher.checkNow();
      }
    }
  }
}
