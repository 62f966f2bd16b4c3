/** When and how long to wait before trying a request again. */
import type { HttpMethod } from '../ports.ts';

export interface RetryPolicy {
  /** Attempts for transient failures (429, 5xx, network), the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this ends the retries instead of stalling the run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 120_000 };

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/** A rejected 429 or 401 was never applied; any other failure of these methods may have been. */
export function isIdempotent(method: HttpMethod): boolean {
  // @see RFC 9110 §9.2.2: GET, PUT and DELETE are idempotent; POST and PATCH are not.
  return method === 'GET' || method === 'PUT' || method === 'DELETE';
}

/**
 * Milliseconds to wait, from a `Retry-After` of delay-seconds or an HTTP-date; null when absent or
 * unreadable. @see RFC 9110 §10.2.3
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(failures: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
