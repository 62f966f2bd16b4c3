/**
 * Runs a compiled plan against one trigger record: matches the trigger, evaluates conditions,
 * follows true/false branches, runs functions in graph order under time limits, and reports every
 * step as a structured, redacted event.
 */
import { AppError, isAppError, type ErrorInfo, type NodeResult, type TriggerEvent, type TriggerModule } from '../domain/index.ts';
import { raceAbort } from './abort.ts';
import type { ConditionStep, FunctionStep, Plan, PlanStep } from './compile.ts';
import { readField } from './conditions.ts';
import { mapArguments } from './functions/arguments.ts';
import { createFunctionRegistry, type FunctionRegistry } from './functions/registry.ts';
import type { FunctionContext } from './functions/types.ts';
import { createConnectionClient, type ConnectionClient } from './http/client.ts';
import type { OriginSlots } from './http/originSlots.ts';
import { createRateLimiter, type RateLimiter } from './http/rateLimiter.ts';
import type { RetryPolicy } from './http/retry.ts';
import type { Clock, HttpPort, RunEvent, RunLog, RunStatusOutcome } from './ports.ts';
import { redactShared, redactText } from './redact.ts';

export interface RunLimits {
  /** Longest a single function node may take. */
  nodeMs: number;
  /** Longest the whole run may take. */
  runMs: number;
}

export const DEFAULT_LIMITS: RunLimits = { nodeMs: 60_000, runMs: 300_000 };

/**
 * For runs that start from a queue (live changes, backfill): a turn of a provider's rate limit can
 * take a whole window (Books: a minute) when the queue keeps the limit busy, so the limits leave room
 * for several windows instead of failing a change that was only waiting its turn.
 */
export const QUEUED_RUN_LIMITS: RunLimits = { nodeMs: 300_000, runMs: 900_000 };

export interface RunInput {
  record: Record<string, unknown>;
  event: TriggerEvent;
  /** The record's module; the trigger's module when absent. */
  module?: TriggerModule;
  /** Fields changed by an edit, when known; compared with the trigger's "only when these fields changed". */
  changedFields?: readonly string[];
  dryRun: boolean;
  limits?: Partial<RunLimits>;
  functions?: FunctionRegistry;
  retry?: Partial<RetryPolicy>;
}

export interface RunPorts {
  http: HttpPort;
  clock: Clock;
  log: RunLog;
  /** Share one across runs so a service's limit holds for all of them. */
  limiter?: RateLimiter;
  /** Share one across runs to keep at most a browser's connections per origin in flight. */
  slots?: OriginSlots;
}

export interface RunOutcome {
  status: RunStatusOutcome;
  reason?: string;
  error?: ErrorInfo;
  nodeResults: Record<string, NodeResult>;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
}

const EVENT_WORDS: Record<TriggerEvent, string> = { create: 'Create', edit: 'Edit' };
const defaultRegistry = createFunctionRegistry();

function errorInfo(error: unknown): ErrorInfo {
  if (isAppError(error)) return { code: error.code, message: redactText(error.message) };
  return { code: 'FUNCTION_FAILED', message: redactText(error instanceof Error ? error.message : String(error)) };
}

/** Why the trigger does not fire for this input, or null when it does. */
function triggerMismatch(plan: Plan, input: RunInput): string | null {
  const { module, events, changedFields } = plan.trigger.config;
  if (input.module && input.module !== module) return `the trigger listens to ${module}, not ${input.module}`;
  if (!events.includes(input.event))
    return `the trigger listens to ${events.map((e) => EVENT_WORDS[e]).join(' and ')}, not ${EVENT_WORDS[input.event]}`;
  if (input.event === 'edit' && changedFields.length > 0 && input.changedFields && !changedFields.some((f) => input.changedFields!.includes(f)))
    return `none of the watched fields changed (${changedFields.join(', ')})`;
  return null;
}

export async function runWorkflow(plan: Plan, input: RunInput, ports: RunPorts, signal: AbortSignal): Promise<RunOutcome> {
  const { clock, log } = ports;
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...input.limits };
  const registry = input.functions ?? defaultRegistry;
  const nodeResults: Record<string, NodeResult> = {};
  const emit = (event: RunEvent) => log.emit(event);
  const startedAt = clock.now();
  const redactedRecord = redactShared(input.record);

  emit({
    type: 'run_started',
    time: startedAt,
    workflowId: plan.workflowId,
    module: input.module ?? plan.trigger.config.module,
    event: input.event,
    dryRun: input.dryRun,
    record: redactedRecord,
  });

  const finish = (status: RunStatusOutcome, extra: { reason?: string; error?: ErrorInfo } = {}): RunOutcome => {
    const finishedAt = clock.now();
    const durationMs = finishedAt - startedAt;
    emit({ type: 'run_finished', time: finishedAt, status, durationMs, ...extra });
    return { status, ...extra, nodeResults, startedAt, finishedAt, durationMs };
  };
  const skip = (step: { id: string }, reason: string) => {
    nodeResults[step.id] = { outcome: 'skipped', reason, durationMs: 0 };
    emit({ type: 'node_finished', time: clock.now(), nodeId: step.id, outcome: 'skipped', reason, durationMs: 0 });
  };

  const triggerId = plan.trigger.id;
  emit({ type: 'node_started', time: clock.now(), nodeId: triggerId, nodeType: 'trigger', label: 'Trigger' });
  const mismatch = triggerMismatch(plan, input);
  if (mismatch) {
    skip({ id: triggerId }, mismatch);
    for (const step of plan.steps) skip(step, 'the trigger did not fire');
    return finish('skipped', { reason: mismatch });
  }
  const triggerOutput = { module: plan.trigger.config.module, event: input.event, recordId: readField(input.record, 'id') ?? null };
  nodeResults[triggerId] = { outcome: 'ran', durationMs: 0, output: triggerOutput };
  emit({ type: 'node_finished', time: clock.now(), nodeId: triggerId, outcome: 'ran', durationMs: 0, output: redactShared(triggerOutput) });

  const deadline = startedAt + limits.runMs;
  const http = createConnectionClient({
    port: ports.http,
    clock,
    log,
    limiter: ports.limiter ?? createRateLimiter(clock),
    ...(ports.slots ? { slots: ports.slots } : {}),
    dryRun: input.dryRun,
    ...(input.retry ? { retry: input.retry } : {}),
  });
  const labels = new Map<string, PlanStep>(plan.steps.map((s) => [s.id, s]));

  const limit: RunLimit = { signal, deadline, nodeMs: limits.nodeMs, runMs: limits.runMs };
  let stopped: { reason: string; status: RunStatusOutcome; error: ErrorInfo } | null = null;
  for (const step of plan.steps) {
    if (!stopped) {
      const over = overLimit(limit, clock);
      if (over) {
        const error = errorInfo(over);
        stopped = { status: error.code === 'RUN_CANCELLED' ? 'cancelled' : 'failed', error, reason: error.message };
      }
    }
    if (stopped) {
      skip(step, `the run stopped: ${stopped.reason}`);
      continue;
    }
    const inactive = inactiveReason(step, nodeResults, labels);
    if (inactive) {
      skip(step, inactive);
      continue;
    }
    if ('test' in step) {
      runCondition(step, input, nodeResults, emit, clock);
      continue;
    }
    const failure = await runFunction(step, input, { http, clock, registry, limit, redactedRecord }, nodeResults, emit);
    if (failure) {
      const status: RunStatusOutcome = failure.code === 'RUN_CANCELLED' ? 'cancelled' : 'failed';
      stopped = { status, error: failure, reason: status === 'cancelled' ? failure.message : `"${step.label}" failed` };
    }
  }
  if (stopped) return finish(stopped.status, { error: stopped.error });
  // A run whose conditions let no function go did nothing: Skipped, with the first reason, as a workflow rule whose criteria were not met.
  const functions = plan.steps.filter((step) => !('test' in step));
  const noneRan = functions.length > 0 && functions.every((step) => nodeResults[step.id]?.outcome === 'skipped');
  if (noneRan) return finish('skipped', { reason: nodeResults[functions[0]!.id]?.reason ?? 'no function ran' });
  return finish('succeeded');
}

/** What bounds a run: the caller's cancel signal and the run's deadline; each function node adds its own limit. */
interface RunLimit {
  signal: AbortSignal;
  deadline: number;
  nodeMs: number;
  runMs: number;
}

const cancelled = () => new AppError('RUN_CANCELLED', 'The run was cancelled');
const runTimeout = (limit: RunLimit) => new AppError('RUN_TIMEOUT', `The run took longer than its limit of ${limit.runMs / 1000} s`);

/** Why the run may not go on, or null. Only function nodes wait, so between steps a check is enough. */
function overLimit(limit: RunLimit, clock: Clock): AppError | null {
  if (limit.signal.aborted) return cancelled();
  return clock.now() >= limit.deadline ? runTimeout(limit) : null;
}

/**
 * The signal a function node runs under: aborted by the caller's cancel, the node's own time limit, or
 * the run's deadline, whichever comes first. One timer per node, none per run; a class so that no
 * closures are made per node.
 */
class NodeLimit {
  private readonly controller = new AbortController();
  private readonly cancelTimer: () => void;

  constructor(
    private readonly limit: RunLimit,
    clock: Clock,
    label: string,
  ) {
    limit.signal.addEventListener('abort', this, { once: true });
    const left = limit.deadline - clock.now();
    this.cancelTimer = clock.timeout(Math.min(limit.nodeMs, left), this.expire.bind(this, left <= limit.nodeMs, label));
  }

  private expire(runOver: boolean, label: string): void {
    this.controller.abort(
      runOver ? runTimeout(this.limit) : new AppError('NODE_TIMEOUT', `"${label}" took longer than its limit of ${this.limit.nodeMs / 1000} s`),
    );
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The caller cancelled the run. */
  handleEvent(): void {
    this.controller.abort(cancelled());
  }

  dispose(): void {
    this.cancelTimer();
    this.limit.signal.removeEventListener('abort', this);
  }
}

/** Null when at least one incoming edge is live; otherwise why the step does not run. */
function inactiveReason(step: PlanStep, results: Record<string, NodeResult>, steps: ReadonlyMap<string, PlanStep>): string | null {
  let because: string | null = null;
  for (const edge of step.incoming) {
    const source = results[edge.source];
    if (!source) continue;
    if (source.outcome === 'ran' && (edge.branch === undefined || edge.branch === String(source.conditionResult))) return null;
    const from = steps.get(edge.source);
    if (source.outcome === 'ran' && from && 'summary' in from) because ??= `condition "${from.summary}" was ${String(source.conditionResult)}`;
    else because ??= `"${from?.label ?? edge.source}" was ${source.outcome === 'failed' ? 'failed' : 'skipped'}`;
  }
  return because ?? 'no step leads here';
}

function runCondition(step: ConditionStep, input: RunInput, results: Record<string, NodeResult>, emit: (e: RunEvent) => void, clock: Clock): void {
  const started = clock.now();
  emit({ type: 'node_started', time: started, nodeId: step.id, nodeType: 'condition', label: step.label });
  const result = step.test(input.record);
  const inputs: Record<string, unknown> = {};
  for (const field of step.fields) inputs[field] = readField(input.record, field) ?? null;
  const durationMs = clock.now() - started;
  results[step.id] = { outcome: 'ran', durationMs, conditionResult: result, output: { result } };
  emit({
    type: 'node_finished',
    time: clock.now(),
    nodeId: step.id,
    outcome: 'ran',
    reason: `${step.summary}: ${String(result)}`,
    durationMs,
    input: redactShared(inputs),
    output: { result },
    conditionResult: result,
  });
}

interface FunctionDeps {
  http: ConnectionClient;
  redactedRecord: unknown;
  clock: Clock;
  registry: FunctionRegistry;
  limit: RunLimit;
}

/** Arguments for the log; the whole record, passed as-is by `from: "record"`, is redacted once per run. */
function redactArgs(args: Record<string, unknown>, record: unknown, redactedRecord: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) out[name] = value === record ? redactedRecord : redactShared(value);
  return out;
}

/** Runs one function node; returns the error when it failed. */
async function runFunction(
  step: FunctionStep,
  input: RunInput,
  deps: FunctionDeps,
  results: Record<string, NodeResult>,
  emit: (e: RunEvent) => void,
): Promise<ErrorInfo | null> {
  const { clock } = deps;
  const started = clock.now();
  emit({ type: 'node_started', time: started, nodeId: step.id, nodeType: 'function', label: step.label });
  const args = mapArguments(step.node.config.arguments, input.record, input.module);
  const shownArgs = redactArgs(args, input.record, deps.redactedRecord);
  const node = new NodeLimit(deps.limit, clock, step.label);
  const ctx: FunctionContext = {
    nodeId: step.id,
    config: step.node.config,
    args,
    record: input.record,
    event: input.event,
    dryRun: input.dryRun,
    signal: node.signal,
    clock,
    http: deps.http,
    info: (message, line, level = 'info') =>
      emit({ type: 'info', time: clock.now(), nodeId: step.id, ...(line === undefined ? {} : { line }), level, message: redactText(message) }),
  };
  try {
    const kind = deps.registry.kindFor(step.node.config);
    const output = redactShared(await raceAbort(kind.run(ctx), node.signal));
    const durationMs = clock.now() - started;
    results[step.id] = { outcome: 'ran', durationMs, output };
    emit({ type: 'node_finished', time: clock.now(), nodeId: step.id, outcome: 'ran', durationMs, input: shownArgs, output });
    return null;
  } catch (thrown) {
    const error = errorInfo(node.signal.aborted ? node.signal.reason : thrown);
    const durationMs = clock.now() - started;
    results[step.id] = { outcome: 'failed', reason: error.message, durationMs, error };
    emit({ type: 'error', time: clock.now(), nodeId: step.id, code: error.code, message: error.message });
    emit({
      type: 'node_finished',
      time: clock.now(),
      nodeId: step.id,
      outcome: 'failed',
      reason: error.message,
      durationMs,
      input: shownArgs,
      error,
    });
    return error;
  } finally {
    node.dispose();
  }
}
