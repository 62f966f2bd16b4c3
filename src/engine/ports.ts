/**
 * The engine's only ways out: HTTP through a connection, time, and the run log. The app implements
 * them (DESIGN.md "Main flows" 2 and 3); tests and benchmarks pass in-memory fakes.
 */
import type { ErrorInfo, NodeOutcome, TriggerEvent, TriggerModule } from '../domain/index.ts';

// The request and result shapes live in domain, so auth can check and sign a request without importing the engine.
export type { ConnectionInfo, ConnectionRequest, HttpMethod, HttpResult, RequestBody } from '../domain/http.ts';
import type { ConnectionInfo, ConnectionRequest, HttpMethod, HttpResult } from '../domain/http.ts';

/**
 * One attempt, no policy. The app resolves the link name, maps Zoho main hosts to the connection's
 * data centre, refuses origins outside the allowlist (AppError CONN_ORIGIN_NOT_ALLOWED, before
 * anything is sent), attaches credentials (a fresh token when `forceRefresh`) and fetches.
 * Failures: AppError HTTP_NETWORK (no response), HTTP_OFFLINE (the device is offline; not retried),
 * CONN_REAUTH_REQUIRED (refresh refused).
 */
export interface HttpPort {
  describe(linkName: string): Promise<ConnectionInfo | null>;
  send(req: ConnectionRequest, opts: { signal: AbortSignal; forceRefresh?: boolean }): Promise<HttpResult>;
  /**
   * Where `send` would deliver the request (data centre mapped, origin checked, same refusals), with
   * nothing sent: a dry run shows the host a write would really go to. Ports without a mapping omit it.
   */
  resolve?(req: ConnectionRequest): Promise<Pick<HttpResult, 'url' | 'mappedFrom'>>;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Calls `fire` after `ms` unless the returned cancel runs first: a time limit without a signal of its own. */
  timeout(ms: number, fire: () => void): () => void;
  /** In [0, 1); jitter only. */
  random(): number;
}

export type RunStatusOutcome = 'succeeded' | 'failed' | 'cancelled' | 'skipped';

export interface RedactedHttpMessage {
  headers: Record<string, string>;
  body?: unknown;
}

export type RunEvent =
  | {
      type: 'run_started';
      time: number;
      workflowId: string;
      module: TriggerModule;
      event: TriggerEvent;
      dryRun: boolean;
      record: unknown;
    }
  | { type: 'node_started'; time: number; nodeId: string; nodeType: 'trigger' | 'condition' | 'function'; label: string }
  | {
      type: 'node_finished';
      time: number;
      nodeId: string;
      outcome: NodeOutcome;
      reason?: string;
      durationMs: number;
      input?: unknown;
      output?: unknown;
      conditionResult?: boolean;
      error?: ErrorInfo;
    }
  | { type: 'info'; time: number; nodeId?: string; line?: number; level: 'info' | 'warn'; message: string }
  | {
      type: 'http';
      time: number;
      nodeId?: string;
      linkName: string;
      attempt: number;
      method: HttpMethod;
      /** After data-centre mapping when known; secrets in the query are redacted. */
      url: string;
      mappedFrom?: string;
      status?: number;
      durationMs: number;
      request: RedactedHttpMessage;
      response?: RedactedHttpMessage;
      error?: ErrorInfo;
      /** A write held back by a dry run: logged as "would send", never sent. */
      dryRun?: true;
    }
  | { type: 'error'; time: number; nodeId?: string; code: string; message: string }
  | {
      type: 'run_finished';
      time: number;
      status: RunStatusOutcome;
      durationMs: number;
      reason?: string;
      error?: ErrorInfo;
    };

export type RunEventType = RunEvent['type'];

export interface RunLog {
  emit(event: RunEvent): void;
}
