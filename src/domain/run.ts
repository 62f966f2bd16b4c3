import { z } from 'zod';
import { RunId, WorkflowId } from './ids.ts';
import { TriggerEvent, TriggerModule } from './workflow.ts';
import { ErrorInfoSchema } from './connection.ts';

/** `skipped`: the trigger did not match (another module, event, or no watched field changed). */
export const RunStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'skipped', 'interrupted', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;

export const NodeOutcome = z.enum(['ran', 'skipped', 'failed']);
export type NodeOutcome = z.infer<typeof NodeOutcome>;

export const NodeResult = z.object({
  outcome: NodeOutcome,
  reason: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  conditionResult: z.boolean().optional(),
  output: z.unknown().optional(),
  error: ErrorInfoSchema.optional(),
});
export type NodeResult = z.infer<typeof NodeResult>;

export const Run = z.object({
  id: RunId,
  workflowId: WorkflowId,
  workflowName: z.string(),
  workflowRevision: z.number().int().nonnegative(),
  module: TriggerModule,
  event: TriggerEvent,
  record: z.record(z.string(), z.unknown()),
  mode: z.enum(['test', 'live']),
  dryRun: z.boolean(),
  status: RunStatus,
  startedAt: z.number(),
  finishedAt: z.number().nullable().default(null),
  durationMs: z.number().nullable().default(null),
  nodeResults: z.record(z.string(), NodeResult).default({}),
  error: ErrorInfoSchema.nullable().default(null),
});
export type Run = z.infer<typeof Run>;

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;
export const LogKind = z.enum(['step', 'info', 'http', 'error']);
export type LogKind = z.infer<typeof LogKind>;

/** One line of a run's log. `data` is already redacted when it is written. */
export const LogEntry = z.object({
  runId: RunId,
  seq: z.number().int().nonnegative(),
  time: z.number(),
  level: LogLevel,
  kind: LogKind,
  nodeId: z.string().optional(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;
