/**
 * Request policy on top of the app's one-attempt HttpPort: connection checks, rate limiting, one
 * token refresh on 401, bounded backoff for transient failures, no blind repeat of a write that may
 * have been applied, dry run, and a redacted `http` event for every attempt.
 */
import { AppError, connectionStatusError, isAppError, toErrorInfo } from '../../domain/index.ts';
import { responseJson } from '../json.ts';
import type { ConnectionInfo, ConnectionRequest, HttpPort, HttpResult, RunEvent, RunLog, Clock } from '../ports.ts';
import { redactBodyText, redactPairs, redactRequestBody, redactText, redactUrl } from '../redact.ts';
import type { OriginSlots } from './originSlots.ts';
import type { RateLimiter, RateLimitTurn } from './rateLimiter.ts';
import { backoffDelay, DEFAULT_RETRY, isIdempotent, isTransientStatus, parseRetryAfter, type RetryPolicy } from './retry.ts';
import { headerValue, requestUrl } from './url.ts';

export interface RequestOptions {
  signal: AbortSignal;
  /** Node the request belongs to, for the log. */
  nodeId?: string;
  /**
   * For POST/PATCH: looks for the effect of an attempt whose outcome is unknown (dropped connection,
   * 5xx). Returns a result standing for the applied write, or null when sending again is safe.
   * Without it such a write is never repeated.
   */
  idempotency?: (signal: AbortSignal) => Promise<HttpResult | null>;
}

export interface ConnectionClient {
  /** The connection behind a link name; fails with a message naming it and saying how to fix it. */
  connection(linkName: string): Promise<ConnectionInfo>;
  request(req: ConnectionRequest, opts: RequestOptions): Promise<HttpResult>;
  /** An `info` line in the run log. */
  note(message: string, nodeId?: string, level?: 'info' | 'warn'): void;
}

export interface ClientDeps {
  port: HttpPort;
  clock: Clock;
  log: RunLog;
  limiter?: RateLimiter;
  /** Caps requests in flight per origin; taken before the rate limit so a released request goes out at once. */
  slots?: OriginSlots;
  dryRun: boolean;
  retry?: Partial<RetryPolicy>;
}

type Http = Extract<RunEvent, { type: 'http' }>;
type Attempt = { result: HttpResult } | { error: unknown } | { heldBack: Pick<HttpResult, 'url' | 'mappedFrom'> };

export function createConnectionClient(deps: ClientDeps): ConnectionClient {
  return new PolicyClient(deps);
}

/** A class rather than closures: one is made per run, and its methods are shared by all of them. */
class PolicyClient implements ConnectionClient {
  private readonly port: HttpPort;
  private readonly clock: Clock;
  private readonly log: RunLog;
  private readonly limiter: RateLimiter | undefined;
  private readonly slots: OriginSlots | undefined;
  private readonly dryRun: boolean;
  private readonly policy: RetryPolicy;
  private readonly described = new Map<string, Promise<ConnectionInfo | null>>();

  constructor(deps: ClientDeps) {
    this.port = deps.port;
    this.clock = deps.clock;
    this.log = deps.log;
    this.limiter = deps.limiter;
    this.slots = deps.slots;
    this.dryRun = deps.dryRun;
    this.policy = deps.retry ? { ...DEFAULT_RETRY, ...deps.retry } : DEFAULT_RETRY;
  }

  note(message: string, nodeId?: string, level: 'info' | 'warn' = 'info'): void {
    const event: RunEvent = { type: 'info', time: this.clock.now(), level, message };
    if (nodeId) event.nodeId = nodeId;
    this.log.emit(event);
  }

  async connection(linkName: string): Promise<ConnectionInfo> {
    let pending = this.described.get(linkName);
    if (!pending) {
      pending = this.port.describe(linkName);
      this.described.set(linkName, pending);
    }
    const info = await pending;
    const refusal = connectionStatusError(linkName, info?.status);
    if (refusal || !info) throw refusal;
    return info;
  }

  private emitAttempt(req: ConnectionRequest, attempt: number, started: number, nodeId: string | undefined, outcome: Attempt): void {
    const now = this.clock.now();
    const event: Http = {
      type: 'http',
      time: now,
      linkName: req.linkName,
      attempt,
      method: req.method,
      url: redactUrl('result' in outcome ? outcome.result.url : 'heldBack' in outcome ? outcome.heldBack.url : requestUrl(req)),
      durationMs: now - started,
      request: { headers: redactPairs(req.headers), body: redactRequestBody(req.body) },
    };
    if (nodeId) event.nodeId = nodeId;
    if ('result' in outcome) {
      const { result } = outcome;
      if (result.mappedFrom) event.mappedFrom = redactUrl(result.mappedFrom);
      event.status = result.status;
      event.response = { headers: redactPairs(result.headers), body: redactBodyText(result.bodyText, responseJson(result)) };
    } else if ('error' in outcome) {
      const info = toErrorInfo(outcome.error, 'HTTP_NETWORK');
      event.error = { code: info.code, message: redactText(info.message) };
    } else {
      if (outcome.heldBack.mappedFrom) event.mappedFrom = redactUrl(outcome.heldBack.mappedFrom);
      event.dryRun = true;
    }
    this.log.emit(event);
  }

  private rateKey(req: ConnectionRequest, info: ConnectionInfo): string {
    if (info.rateLimit?.key === 'organization') {
      const org =
        req.query?.organization_id ??
        URL.parse(req.url)?.searchParams.get('organization_id') ??
        headerValue(req.headers, 'X-com-zoho-books-organizationid');
      if (org) return `${info.serviceLinkName}|org|${org}`;
    }
    return `${info.serviceLinkName}|conn|${info.linkName}`;
  }

  private async wait(ms: number, why: string, failures: number, opts: RequestOptions): Promise<void> {
    this.note(`${why}; retrying in ${ms} ms (attempt ${failures + 1} of ${this.policy.maxAttempts})`, opts.nodeId, 'warn');
    await this.clock.sleep(ms, opts.signal);
  }

  /** Null when no check was given or it found nothing: then sending again is the caller's choice. */
  private async alreadyApplied(req: ConnectionRequest, why: string, opts: RequestOptions): Promise<HttpResult | null> {
    if (!opts.idempotency) return null;
    this.note(`${why}; checking whether the ${req.method} was applied before sending it again`, opts.nodeId, 'warn');
    const found = await opts.idempotency(opts.signal);
    if (found) this.note(`The earlier ${req.method} was applied; not sending it again`, opts.nodeId);
    return found;
  }

  async request(req: ConnectionRequest, opts: RequestOptions): Promise<HttpResult> {
    const { signal, nodeId } = opts;
    const { clock, policy, limiter } = this;
    const info = await this.connection(req.linkName);
    if (this.dryRun && req.method !== 'GET') {
      // One log line: the http event is the "would send" entry, with the host a real send would use.
      const heldBack = (await this.port.resolve?.(req)) ?? { url: requestUrl(req) };
      this.emitAttempt(req, 1, clock.now(), nodeId, { heldBack });
      return { status: 200, headers: {}, bodyText: '', ...heldBack, dryRun: true };
    }
    const repeatable = isIdempotent(req.method);
    const key = info.rateLimit && limiter ? this.rateKey(req, info) : '';
    let attempt = 0;
    let failures = 0;
    let refreshed = false;
    let forceRefresh = false;

    const origin = this.slots ? (URL.parse(req.url)?.origin ?? req.url) : '';
    for (;;) {
      attempt += 1;
      let started = 0;
      let result: HttpResult;
      // The slot is held for one exchange only, never across a backoff or an idempotency check.
      const slot = this.slots ? await this.slots.acquire(origin, signal) : null;
      let turn: RateLimitTurn | null = null;
      const release = () => {
        turn?.done();
        slot?.();
      };
      try {
        if (info.rateLimit && limiter) {
          turn = await limiter.acquire(key, info.rateLimit, signal);
          const { waited } = turn;
          if (waited > 0)
            this.note(
              `Waited ${waited} ms for the ${info.serviceName} rate limit (${info.rateLimit.requests} per ${info.rateLimit.perMs / 1000} s)`,
              nodeId,
            );
        }
        started = clock.now();
        result = await this.port.send(req, forceRefresh ? { signal, forceRefresh } : { signal });
        forceRefresh = false;
      } catch (error) {
        release();
        if (signal.aborted) throw signal.reason as unknown;
        this.emitAttempt(req, attempt, started, nodeId, { error });
        if (!isAppError(error) || error.code !== 'HTTP_NETWORK') throw error;
        failures += 1;
        if (!repeatable) {
          const found = await this.alreadyApplied(req, 'The connection dropped', opts);
          if (found) return found;
          if (!opts.idempotency)
            throw new AppError(
              'HTTP_NETWORK',
              `${error.message}. The ${req.method} was not retried because it may already have been applied; check the data before running again.`,
              { linkName: req.linkName },
            );
        }
        if (failures >= policy.maxAttempts)
          throw new AppError('HTTP_NETWORK', `${error.message} (gave up after ${failures} attempts)`, { linkName: req.linkName });
        await this.wait(backoffDelay(failures, policy, clock.random()), 'Network error', failures, opts);
        continue;
      }
      release();
      this.emitAttempt(req, attempt, started, nodeId, { result });

      if (result.status === 401 && !refreshed) {
        refreshed = true;
        forceRefresh = true;
        this.note('HTTP 401: refreshing the access token and retrying once', nodeId, 'warn');
        continue;
      }
      if (!isTransientStatus(result.status)) return result;

      if (result.status !== 429 && !repeatable) {
        if (!opts.idempotency) {
          this.note(`HTTP ${result.status}: the ${req.method} was not retried because it may already have been applied`, nodeId, 'warn');
          return result;
        }
        const found = await this.alreadyApplied(req, `HTTP ${result.status}`, opts);
        if (found) return found;
      }
      failures += 1;
      if (failures >= policy.maxAttempts) return result;
      const retryAfter = parseRetryAfter(headerValue(result.headers, 'retry-after'), clock.now());
      if (retryAfter !== null && retryAfter > policy.maxRetryAfterMs) {
        this.note(
          `HTTP ${result.status}: the server asks to wait ${Math.ceil(retryAfter / 1000)} s, longer than the ${policy.maxRetryAfterMs / 1000} s allowed; giving up`,
          nodeId,
          'warn',
        );
        return result;
      }
      await this.wait(retryAfter ?? backoffDelay(failures, policy, clock.random()), `HTTP ${result.status}`, failures, opts);
    }
  }
}
