/**
 * Request policy on top of the app's one-attempt HttpPort: connection checks, rate limiting, one
 * token refresh on 401, bounded backoff for transient failures, no blind repeat of a write that may
 * have been applied, dry run, and a redacted `http` event for every attempt.
 */
import { AppError, isAppError, toErrorInfo } from '../../domain/index.ts';
import type { ConnectionInfo, ConnectionRequest, HttpPort, HttpResult, RunEvent, RunLog, Clock } from '../ports.ts';
import { redactBodyText, redactPairs, redactRequestBody, redactText, redactUrl } from '../redact.ts';
import type { RateLimiter } from './rateLimiter.ts';
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
  dryRun: boolean;
  retry?: Partial<RetryPolicy>;
}

type Http = Extract<RunEvent, { type: 'http' }>;

export function createConnectionClient(deps: ClientDeps): ConnectionClient {
  const { port, clock, log, limiter } = deps;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
  const described = new Map<string, Promise<ConnectionInfo | null>>();

  const note = (message: string, nodeId?: string, level: 'info' | 'warn' = 'info') =>
    log.emit({ type: 'info', time: clock.now(), ...(nodeId ? { nodeId } : {}), level, message });

  async function connection(linkName: string): Promise<ConnectionInfo> {
    let pending = described.get(linkName);
    if (!pending) {
      pending = port.describe(linkName);
      described.set(linkName, pending);
    }
    const info = await pending;
    if (!info)
      throw new AppError(
        'CONN_NOT_FOUND',
        `No connection has the link name "${linkName}". Create it on the Connections page or pick another connection in the function's settings.`,
        { linkName },
      );
    if (info.status === 'reauth_required')
      throw new AppError('CONN_REAUTH_REQUIRED', `Reconnect required: connection "${linkName}" lost its authorization. Open Connections and click Reconnect.`, {
        linkName,
      });
    if (info.status !== 'connected')
      throw new AppError('CONN_NOT_CONNECTED', `Connection "${linkName}" is not connected. Open Connections and click Connect.`, { linkName });
    return info;
  }

  function emitAttempt(
    req: ConnectionRequest,
    attempt: number,
    started: number,
    nodeId: string | undefined,
    outcome: { result: HttpResult } | { error: unknown } | { dryRun: true },
  ): void {
    const event: Http = {
      type: 'http',
      time: clock.now(),
      ...(nodeId ? { nodeId } : {}),
      linkName: req.linkName,
      attempt,
      method: req.method,
      url: redactUrl('result' in outcome ? outcome.result.url : requestUrl(req)),
      durationMs: clock.now() - started,
      request: { headers: redactPairs(req.headers), body: redactRequestBody(req.body) },
    };
    if ('result' in outcome) {
      const { result } = outcome;
      if (result.mappedFrom) event.mappedFrom = redactUrl(result.mappedFrom);
      event.status = result.status;
      event.response = { headers: redactPairs(result.headers), body: redactBodyText(result.bodyText) };
    } else if ('error' in outcome) {
      const info = toErrorInfo(outcome.error, 'HTTP_NETWORK');
      event.error = { code: info.code, message: redactText(info.message) };
    } else {
      event.dryRun = true;
    }
    log.emit(event);
  }

  function rateKey(req: ConnectionRequest, info: ConnectionInfo): string {
    if (info.rateLimit?.key === 'organization') {
      const org =
        req.query?.organization_id ??
        URL.parse(req.url)?.searchParams.get('organization_id') ??
        headerValue(req.headers, 'X-com-zoho-books-organizationid');
      if (org) return `${info.serviceLinkName}|org|${org}`;
    }
    return `${info.serviceLinkName}|conn|${info.linkName}`;
  }

  async function request(req: ConnectionRequest, opts: RequestOptions): Promise<HttpResult> {
    const { signal, nodeId } = opts;
    const info = await connection(req.linkName);
    if (deps.dryRun && req.method !== 'GET') {
      emitAttempt(req, 1, clock.now(), nodeId, { dryRun: true });
      note(`Dry run: would send ${req.method} ${redactUrl(requestUrl(req))}; nothing was sent`, nodeId);
      return { status: 200, headers: {}, bodyText: '', url: requestUrl(req), dryRun: true };
    }
    const repeatable = isIdempotent(req.method);
    const key = rateKey(req, info);
    let attempt = 0;
    let failures = 0;
    let refreshed = false;
    let forceRefresh = false;

    const wait = async (ms: number, why: string) => {
      note(`${why}; retrying in ${ms} ms (attempt ${failures + 1} of ${policy.maxAttempts})`, nodeId, 'warn');
      await clock.sleep(ms, signal);
    };
    const alreadyApplied = async (why: string): Promise<HttpResult | null> => {
      if (!opts.idempotency) return null;
      note(`${why}; checking whether the ${req.method} was applied before sending it again`, nodeId, 'warn');
      const found = await opts.idempotency(signal);
      if (found) note(`The earlier ${req.method} was applied; not sending it again`, nodeId);
      return found;
    };

    for (;;) {
      attempt += 1;
      if (info.rateLimit && limiter) {
        const waited = await limiter.acquire(key, info.rateLimit, signal);
        if (waited > 0)
          note(`Waited ${waited} ms for the ${info.serviceName} rate limit (${info.rateLimit.requests} per ${info.rateLimit.perMs / 1000} s)`, nodeId);
      }
      const started = clock.now();
      let result: HttpResult;
      try {
        result = await port.send(req, { signal, forceRefresh });
        forceRefresh = false;
      } catch (error) {
        if (signal.aborted) throw signal.reason as unknown;
        emitAttempt(req, attempt, started, nodeId, { error });
        if (!isAppError(error) || error.code !== 'HTTP_NETWORK') throw error;
        failures += 1;
        if (!repeatable) {
          const found = await alreadyApplied('The connection dropped');
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
        await wait(backoffDelay(failures, policy, clock.random()), 'Network error');
        continue;
      }
      emitAttempt(req, attempt, started, nodeId, { result });

      if (result.status === 401 && !refreshed) {
        refreshed = true;
        forceRefresh = true;
        note('HTTP 401: refreshing the access token and retrying once', nodeId, 'warn');
        continue;
      }
      if (!isTransientStatus(result.status)) return result;

      if (result.status !== 429 && !repeatable) {
        if (!opts.idempotency) {
          note(`HTTP ${result.status}: the ${req.method} was not retried because it may already have been applied`, nodeId, 'warn');
          return result;
        }
        const found = await alreadyApplied(`HTTP ${result.status}`);
        if (found) return found;
      }
      failures += 1;
      if (failures >= policy.maxAttempts) return result;
      const retryAfter = parseRetryAfter(headerValue(result.headers, 'retry-after'), clock.now());
      if (retryAfter !== null && retryAfter > policy.maxRetryAfterMs) {
        note(`HTTP ${result.status}: the server asks to wait ${Math.ceil(retryAfter / 1000)} s, longer than the ${policy.maxRetryAfterMs / 1000} s allowed; giving up`, nodeId, 'warn');
        return result;
      }
      await wait(retryAfter ?? backoffDelay(failures, policy, clock.random()), `HTTP ${result.status}`);
    }
  }

  return { connection, request, note };
}
