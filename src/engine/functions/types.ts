import type { FunctionConfig, TriggerEvent } from '../../domain/index.ts';
import type { ConnectionClient } from '../http/client.ts';
import type { Clock } from '../ports.ts';

/** What a function node gets while it runs. All I/O goes through `http`. */
export interface FunctionContext {
  nodeId: string;
  config: FunctionConfig;
  /** The node's arguments, mapped from the trigger record. */
  args: Record<string, unknown>;
  record: Readonly<Record<string, unknown>>;
  event: TriggerEvent;
  dryRun: boolean;
  /** Aborts on cancellation and on the node's or the run's time limit. */
  signal: AbortSignal;
  clock: Clock;
  http: ConnectionClient;
  info(message: string, line?: number, level?: 'info' | 'warn'): void;
}

export interface FunctionKind {
  /** Resolves with the node's output; throws an AppError to fail the node. */
  run(ctx: FunctionContext): Promise<unknown>;
}
