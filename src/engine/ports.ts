/**
 * The engine's only ways out: HTTP through a connection, time, and the run log. The app implements
 * them (DESIGN.md "Main flows" 2 and 3); tests and benchmarks pass in-memory fakes.
 */
import type { ErrorInfo, NodeOutcome, RateLimit, TriggerEvent, TriggerModule } from '../domain/index.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RequestBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'text'; value: string; contentType: string };

export interface ConnectionRequest {
  /** Which connection's credentials to use; the app resolves it. */
  linkName: string;
  method: HttpMethod;
  /** Written for the provider's main hosts (e.g. https://www.zohoapis.com/…); the app maps the data centre. */
  url: string;
  headers?: Record<string, string>;
  /** Merged into the URL's query string by `requestUrl()`. */
  query?: Record<string, string>;
  body?: RequestBody;
}

export interface HttpResult {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  bodyText: string;
  /** The URL actually requested, after data-centre mapping. */
  url: string;
  /** The URL as written, when the data-centre mapping changed it. */
  mappedFrom?: string;
  /** Set on the synthetic result of a write held back by a dry run; nothing was sent. */
  dryRun?: true;
}

export interface ConnectionInfo {
  linkName: string;
  serviceLinkName: string;
  serviceName: string;
  status: 'not_connected' | 'connected' | 'reauth_required' | 'error';
  dataCenterId: string;
  isSandbox: boolean;
  rateLimit?: RateLimit;
}

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
