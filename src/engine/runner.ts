/**
 * Runs a compiled plan against one trigger record: matches the trigger, evaluates conditions,
 * follows true/false branches, runs functions in graph order under time limits, and reports every
 * step as a structured, redacted event.
 */
import {
  AppError,
  isAppError,
  type ErrorInfo,
  type NodeResult,
  type TriggerEvent,
  type TriggerModule,
} from '../domain/index.ts';
import { childController, raceAbort } from './abort.ts';
import type { ConditionStep, FunctionStep, Plan, PlanStep } from './compile.ts';
import { readField } from './conditions.ts';
import { mapArguments } from './functions/arguments.ts';
import { createFunctionRegistry, type FunctionRegistry } from './functions/registry.ts';
import type { FunctionContext } from './functions/types.ts';
import { createConnectionClient, type ConnectionClient } from './http/client.ts';
import { createRateLimiter, type RateLimiter } from './http/rateLimiter.ts';
import type { RetryPolicy } from './http/retry.ts';
import type { Clock, HttpPort, RunEvent, RunLog, RunStatusOutcome } from './ports.ts';
import { redactText, redactValue } from './redact.ts';

export interface RunLimits {
  /** Longest a single function node may take. */
  nodeMs: number;
  /** Longest the whole run may take. */
  runMs: number;
}

export const DEFAULT_LIMITS: RunLimits = { nodeMs: 60_000, runMs: 300_000 };

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
const noop = () => {};
/** Abort reasons that only cancel timers; plain `abort()` would build a DOMException each time. */
const NODE_DONE = new AppError('RUN_CANCELLED', 'node finished');
const RUN_DONE = new AppError('RUN_CANCELLED', 'run finished');
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
  const redactedRecord = redactValue(input.record);

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
  emit({ type: 'node_finished', time: clock.now(), nodeId: triggerId, outcome: 'ran', durationMs: 0, output: redactValue(triggerOutput) });

  const run = new AbortController();
  const onCancel = () => run.abort(new AppError('RUN_CANCELLED', 'The run was cancelled'));
  if (signal.aborted) onCancel();
  else signal.addEventListener('abort', onCancel, { once: true });
  const runTimer = new AbortController();
  clock
    .sleep(limits.runMs, runTimer.signal)
    .then(() => run.abort(new AppError('RUN_TIMEOUT', `The run took longer than its limit of ${limits.runMs / 1000} s`)), noop);

  const http = createConnectionClient({
    port: ports.http,
    clock,
    log,
    limiter: ports.limiter ?? createRateLimiter(clock),
    dryRun: input.dryRun,
    ...(input.retry ? { retry: input.retry } : {}),
  });
  const labels = new Map<string, PlanStep>(plan.steps.map((s) => [s.id, s]));

  try {
    let stopped: { reason: string; status: RunStatusOutcome; error: ErrorInfo } | null = null;
    for (const step of plan.steps) {
      if (!stopped && run.signal.aborted) {
        const error = errorInfo(run.signal.reason);
        stopped = { status: error.code === 'RUN_CANCELLED' ? 'cancelled' : 'failed', error, reason: error.message };
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
      const failure = await runFunction(step, input, { http, clock, registry, limits, signal: run.signal, redactedRecord }, nodeResults, emit);
      if (failure) {
        const status: RunStatusOutcome = failure.code === 'RUN_CANCELLED' ? 'cancelled' : 'failed';
        stopped = { status, error: failure, reason: status === 'cancelled' ? failure.message : `"${step.label}" failed` };
      }
    }
    if (stopped) return finish(stopped.status, { error: stopped.error });
    return finish('succeeded');
  } finally {
    runTimer.abort(RUN_DONE);
    signal.removeEventListener('abort', onCancel);
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

function runCondition(
  step: ConditionStep,
  input: RunInput,
  results: Record<string, NodeResult>,
  emit: (e: RunEvent) => void,
  clock: Clock,
): void {
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
    input: redactValue(inputs),
    output: { result },
    conditionResult: result,
  });
}

interface FunctionDeps {
  http: ConnectionClient;
  redactedRecord: unknown;
  clock: Clock;
  registry: FunctionRegistry;
  limits: RunLimits;
  signal: AbortSignal;
}

/** Arguments for the log; the whole record, passed as-is by `from: "record"`, is redacted once per run. */
function redactArgs(args: Record<string, unknown>, record: unknown, redactedRecord: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) out[name] = value === record ? redactedRecord : redactValue(value);
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
  const node = childController(deps.signal);
  // The node's own signal also cancels its timer once the node is over (see `finally`).
  clock
    .sleep(deps.limits.nodeMs, node.controller.signal)
    .then(() => node.controller.abort(new AppError('NODE_TIMEOUT', `"${step.label}" took longer than its limit of ${deps.limits.nodeMs / 1000} s`)), noop);
  const ctx: FunctionContext = {
    nodeId: step.id,
    config: step.node.config,
    args,
    record: input.record,
    event: input.event,
    dryRun: input.dryRun,
    signal: node.controller.signal,
    clock,
    http: deps.http,
    info: (message, line, level = 'info') =>
      emit({ type: 'info', time: clock.now(), nodeId: step.id, ...(line === undefined ? {} : { line }), level, message: redactText(message) }),
  };
  try {
    const kind = deps.registry.kindFor(step.node.config);
    const output = redactValue(await raceAbort(kind.run(ctx), node.controller.signal));
    const durationMs = clock.now() - started;
    results[step.id] = { outcome: 'ran', durationMs, output };
    emit({ type: 'node_finished', time: clock.now(), nodeId: step.id, outcome: 'ran', durationMs, input: shownArgs, output });
    return null;
  } catch (thrown) {
    const error = errorInfo(node.controller.signal.aborted ? node.controller.signal.reason : thrown);
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
    node.controller.abort(NODE_DONE);
  }
}
