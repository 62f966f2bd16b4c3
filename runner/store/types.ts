/**
 * What the runner keeps, whatever holds it: SQLite in one process (embedded), Redis for a cluster.
 * The engine's LiveStore and the run service's RunStore are reused as they are, so a run on the
 * runner has the same statuses and log entries as a run in the browser.
 */
import type { RunStore } from '../../src/app/runs/service.ts';
import type { Connection, LogEntry, Run, RunStatus, TriggerState, Workflow } from '../../src/domain/index.ts';
import type { LiveStore } from '../../src/engine/live/watcher.ts';

/** A connection as the runner holds it: the app's shape plus its secrets, sealed. */
export interface RunnerConnection {
  connection: Connection;
  /**
   * AES-256-GCM sealed JSON of the connection's secrets (access token, refresh token, client
   * secret when the provider needs one), under the runner's key; null until it is authorized.
   */
  sealedSecrets: string | null;
}

export interface RunFilter {
  workflowId?: string;
  status?: RunStatus;
  /** Newest first; at most this many. */
  limit?: number;
  /** Only runs started before this time (paging). */
  before?: number;
}

export interface RunnerRunStore extends RunStore {
  listRuns(filter: RunFilter): Promise<Run[]>;
  getRun(runId: string): Promise<Run | undefined>;
  logEntries(runId: string): Promise<LogEntry[]>;
  /** Runs left `running` by a process that died: marked `interrupted` (their change runs again). */
  interruptRuns(runIds: readonly string[]): Promise<void>;
}

export interface RunnerWorkflowStore {
  put(workflow: Workflow): Promise<void>;
  get(workflowId: string): Promise<Workflow | undefined>;
  list(): Promise<Workflow[]>;
  remove(workflowId: string): Promise<void>;
}

export interface RunnerConnectionStore {
  get(linkName: string): Promise<RunnerConnection | undefined>;
  put(entry: RunnerConnection): Promise<void>;
  list(): Promise<RunnerConnection[]>;
  remove(linkName: string): Promise<void>;
}

/** The engine's LiveStore plus what the runner does outside a poll: switch a workflow on, hand over a checkpoint, forget it. */
export interface RunnerLiveStore extends LiveStore {
  /** Creates or replaces a workflow's trigger state (its switch and checkpoint). */
  putState(state: TriggerState): Promise<void>;
  /** Every workflow's trigger state, so the host can follow the switches. */
  states(): Promise<TriggerState[]>;
  /** Drops a removed workflow's state, queued changes and snapshots. */
  forget(workflowId: string): Promise<void>;
}

export interface RunnerStore {
  workflows: RunnerWorkflowStore;
  connections: RunnerConnectionStore;
  live: RunnerLiveStore;
  runs: RunnerRunStore;
  close(): Promise<void>;
}
