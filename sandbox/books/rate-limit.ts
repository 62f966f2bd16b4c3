import type { SandboxSettings } from '../settings.ts';

/** `retryAfterSeconds`: when this organization's next request will be accepted, for a `Retry-After` header. */
export type Verdict = { ok: true } | { ok: false; message: string; retryAfterSeconds: number };

/** RFC 9110 §10.2.3 delay-seconds: a whole number, rounded up so a client that waits it is never early. */
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * Books limits per organization: a sliding window (100 requests per minute by default) and a daily
 * quota per UTC day (Books "API call limit" KB: Free plan 1000/day).
 */
export class BooksRateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly daily = new Map<string, { day: string; count: number }>();

  check(orgId: string, nowMs: number, settings: SandboxSettings): Verdict {
    if (!settings.booksRateLimitEnabled) return { ok: true };
    const day = new Date(nowMs).toISOString().slice(0, 10);
    const today = this.daily.get(orgId);
    const counter = today && today.day === day ? today : { day, count: 0 };
    this.daily.set(orgId, counter);
    if (counter.count >= settings.booksDailyLimit) {
      const nextDayMs = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      return {
        ok: false,
        message: `You have reached the maximum of ${settings.booksDailyLimit} API calls allowed per day for this organization.`,
        retryAfterSeconds: seconds(nextDayMs - nowMs),
      };
    }
    const { limit, windowMs } = settings.booksRateLimit;
    const hits = (this.windows.get(orgId) ?? []).filter((t) => t > nowMs - windowMs);
    this.windows.set(orgId, hits);
    // The oldest request in the window leaves it first; then one more fits.
    if (hits.length >= limit)
      return { ok: false, message: 'Request limit exceeded', retryAfterSeconds: seconds((hits[0] as number) + windowMs - nowMs) };
    hits.push(nowMs);
    counter.count++;
    return { ok: true };
  }

  clear(): void {
    this.windows.clear();
    this.daily.clear();
  }
}
