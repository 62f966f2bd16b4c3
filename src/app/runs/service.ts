/**
 * Test runs (DESIGN.md "Main flows" 2): compile, run through the engine with the app's ports,
 * stream the log to storage in batches, keep the run record current, and prune old runs.
 * Every I/O dependency is passed in, so the whole path runs in Node tests against a fake port.
 */
import {
  newId,
  toErrorInfo,
  type LogEntry,
  type NodeResult,
  type Run,
  type RunStatus,
  type TriggerEvent,
  type Workflow,
} from '../../domain/index.ts';
import { compileWorkflow, type Plan, type PlanWords } from '../../engine/compile.ts';
import { createRateLimiter, type RateLimiter } from '../../engine/http/rateLimiter.ts';
import { createOriginSlots } from '../../engine/http/originSlots.ts';
import type { Clock, HttpPort, RunEvent, RunStatusOutcome } from '../../engine/ports.ts';
import { redactValue } from '../../engine/redact.ts';
import { runWorkflow, type RunLimits } from '../../engine/runner.ts';
import type { ValidationContext } from '../../engine/validate.ts';
import { describeCondition } from '../words/conditions.ts';
import { lockName } from './locks.ts';
import { toLogEntry } from './logEntries.ts';
import { createLogWriter, LOG_FLUSH_INTERVAL_MS } from './logWriter.ts';

export interface RunStore {
  /** With `entries` (lines of this run's log), the state and the lines land in one write: a run's last state and last lines. */
  saveRun(run: Run, entries?: LogEntry[]): Promise<Run>;
  appendLogEntries(entries: LogEntry[]): Promise<void>;
  pruneRuns(keep: number): Promise<number>;
  runRetention(): Promise<number>;
}

export interface RunServiceDeps {
  http: HttpPort;
  clock: Clock;
  store: RunStore;
  validationContext(): Promise<ValidationContext>;
  /** Holds `run:<id>` while the run goes, so another tab starting up does not mark it interrupted. */
  holdLock?<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** How often buffered log lines and finished steps' results are written while a run goes (default 50 ms). */
  logIntervalMs?: number;
  onWriteError?(error: unknown): void;
}

export interface TestRunOptions {
  record: Record<string, unknown>;
  event: TriggerEvent;
  dryRun: boolean;
  /** `live`: started by the workflow's trigger, not by a person. */
  mode?: Run['mode'];
  /**
   * Fields an edit changed (said in the Test run dialog, or found by the live trigger), compared with
   * the trigger's "only when these fields changed"; absent means unknown.
   */
  changedFields?: readonly string[];
  /** Lines logged before the first step (why a live run started, a resumed attempt). */
  notes?: readonly string[];
  limits?: Partial<RunLimits>;
}

/** What the editor's badges and progress bar show while a run goes and after it ends. */
export interface RunProgress {
  runId: string;
  workflowId: string;
  status: RunStatus;
  nodeResults: Record<string, NodeResult>;
  /** Node currently running, if any. */
  currentNodeId: string | null;
  stepsDone: number;
  stepsTotal: number;
}

export interface RunHandle {
  runId: string;
  /** Settles with the stored run once it has finished and its log is written; never rejects. */
  done: Promise<Run>;
  cancel(): void;
}

export type ProgressListener = (progress: RunProgress) => void;

export const RUN_LOG_WORDS: PlanWords = { condition: describeCondition };

const STATUS: Record<RunStatusOutcome, RunStatus> = { succeeded: 'succeeded', skipped: 'skipped', failed: 'failed', cancelled: 'cancelled' };

function nodeResultOf(event: Extract<RunEvent, { type: 'node_finished' }>): NodeResult {
  const result: NodeResult = { outcome: event.outcome, durationMs: event.durationMs };
  if (event.reason !== undefined) result.reason = event.reason;
  if (event.conditionResult !== undefined) result.conditionResult = event.conditionResult;
  if (event.output !== undefined) result.output = event.output;
  if (event.error) result.error = event.error;
  return result;
}

function labelsOf(plan: Plan): Map<string, string> {
  return new Map([[plan.trigger.id, 'Trigger'], ...plan.steps.map((s): [string, string] => [s.id, s.label])]);
}

export function createRunService(deps: RunServiceDeps) {
  const { http, clock, store } = deps;
  const holdLock = deps.holdLock ?? (<T>(_name: string, task: () => Promise<T>) => task());
  const onWriteError = deps.onWriteError ?? (() => {});
  /** One limiter for every run in this tab, so a service's rate limit holds across runs. */
  const limiter: RateLimiter = createRateLimiter(clock);
  /** The browser's own per-host connection cap, kept here so a rate-limit turn is never spent queueing. */
  const slots = createOriginSlots();
  const active = new Map<string, { controller: AbortController; progress: RunProgress }>();
  const listeners = new Set<ProgressListener>();

  const publish = (progress: RunProgress) => {
    for (const listener of listeners) listener(progress);
  };

  async function start(workflow: Workflow, options: TestRunOptions): Promise<RunHandle> {
    const plan = compileWorkflow(workflow, await deps.validationContext(), RUN_LOG_WORDS);
    const runId = newId('run');
    const record = redactValue(options.record) as Record<string, unknown>;
    let run: Run = {
      id: runId,
      workflowId: workflow.id,
      workflowName: workflow.name,
      workflowRevision: workflow.revision,
      module: plan.trigger.config.module,
      event: options.event,
      record,
      mode: options.mode ?? 'test',
      dryRun: options.dryRun,
      status: 'running',
      startedAt: clock.now(),
      finishedAt: null,
      durationMs: null,
      nodeResults: {},
      error: null,
    };
    await store.saveRun(run);

    const controller = new AbortController();
    const progress: RunProgress = {
      runId,
      workflowId: workflow.id,
      status: 'running',
      nodeResults: {},
      currentNodeId: null,
      stepsDone: 0,
      stepsTotal: plan.steps.length + 1,
    };
    active.set(runId, { controller, progress });
    publish({ ...progress });

    const writer = createLogWriter({
      runId,
      append: store.appendLogEntries,
      onError: onWriteError,
      ...(deps.logIntervalMs === undefined ? {} : { intervalMs: deps.logIntervalMs }),
    });
    let runWrites: Promise<unknown> = Promise.resolve();
    let unwritten: { run: Run; entries: LogEntry[] } | null = null;
    /** Writes land in order; a state still waiting for its turn is replaced by a newer one, which holds all of it. */
    const writeRun = (next: Run, entries: LogEntry[] = []) => {
      run = next;
      if (unwritten === null)
        runWrites = runWrites
          .then(() => {
            const latest = unwritten!;
            unwritten = null;
            return store.saveRun(latest.run, latest.entries);
          })
          .catch(onWriteError);
      unwritten = { run: next, entries: [...(unwritten?.entries ?? []), ...entries] };
      return runWrites;
    };
    let progressTimer: ReturnType<typeof setTimeout> | null = null;
    /**
     * A finished step's result lands at most once per log interval, with whatever steps finished by
     * then, as log lines do: a quick run writes its state twice (started, finished), not once a step.
     */
    const noteProgress = (next: Run) => {
      run = next;
      progressTimer ??= setTimeout(() => {
        progressTimer = null;
        void writeRun(run);
      }, deps.logIntervalMs ?? LOG_FLUSH_INTERVAL_MS);
    };
    const labels = labelsOf(plan);

    const log = {
      emit(event: RunEvent) {
        writer.add(toLogEntry(event, labels));
        if (event.type === 'node_started') {
          progress.currentNodeId = event.nodeId;
          publish({ ...progress });
        } else if (event.type === 'node_finished') {
          progress.nodeResults = { ...progress.nodeResults, [event.nodeId]: nodeResultOf(event) };
          progress.currentNodeId = null;
          progress.stepsDone += 1;
          noteProgress({ ...run, nodeResults: progress.nodeResults });
          publish({ ...progress });
        }
      },
    };

    const finish = async (patch: Pick<Run, 'status' | 'error'>): Promise<Run> => {
      // The earlier log lines land first, so a finished run never lacks them; the last ones land with it.
      const lastLines = await writer.drain();
      if (progressTimer !== null) clearTimeout(progressTimer);
      progressTimer = null;
      const finishedAt = clock.now();
      await writeRun({ ...run, ...patch, nodeResults: progress.nodeResults, finishedAt, durationMs: finishedAt - run.startedAt }, lastLines);
      active.delete(runId);
      publish({ ...progress, status: patch.status, currentNodeId: null });
      try {
        await store.pruneRuns(await store.runRetention());
      } catch (error) {
        onWriteError(error);
      }
      return run;
    };

    for (const note of options.notes ?? []) writer.add({ time: clock.now(), level: 'info', kind: 'info', message: note });

    const done = holdLock(lockName(runId), async () => {
      try {
        const outcome = await runWorkflow(
          plan,
          {
            record: options.record,
            event: options.event,
            module: plan.trigger.config.module,
            dryRun: options.dryRun,
            ...(options.changedFields ? { changedFields: options.changedFields } : {}),
            ...(options.limits ? { limits: options.limits } : {}),
          },
          { http, clock, log, limiter, slots },
          controller.signal,
        );
        return await finish({ status: STATUS[outcome.status], error: outcome.error ?? null });
      } catch (thrown) {
        const info = toErrorInfo(thrown, 'FUNCTION_FAILED');
        writer.add({
          time: clock.now(),
          level: 'error',
          kind: 'error',
          message: `The run stopped unexpectedly: ${info.message}`,
          data: { code: info.code },
        });
        return await finish({ status: 'failed', error: info });
      }
    });

    return { runId, done, cancel: () => controller.abort() };
  }

  return {
    start,
    /** Live polls take their turns from the same limiter and slots as runs. */
    limiter,
    slots,
    cancel(runId: string): boolean {
      const entry = active.get(runId);
      if (!entry) return false;
      entry.controller.abort();
      return true;
    },
    isActive(runId: string): boolean {
      return active.has(runId);
    },
    progressOf(runId: string): RunProgress | null {
      const entry = active.get(runId);
      return entry ? { ...entry.progress } : null;
    },
    subscribe(listener: ProgressListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;
