/**
 * Sliding-window limiter: at most `requests` grants in any `perMs` window per key. Callers queue in
 * arrival order instead of failing, so a bulk sync uses the whole allowance without a single 429.
 */
import type { RateLimit } from '../../domain/index.ts';
import { raceAbort } from '../abort.ts';
import type { Clock } from '../ports.ts';

export interface RateLimiter {
  /** Resolves with the milliseconds spent waiting once the caller may send. */
  acquire(key: string, limit: RateLimit, signal: AbortSignal): Promise<number>;
}

interface Window {
  grants: number[];
  head: number;
  tail: Promise<void>;
}

const noop = () => {};

export function createRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, Window>();

  async function take(window: Window, limit: RateLimit, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const now = clock.now();
      while (window.head < window.grants.length && window.grants[window.head]! <= now - limit.perMs) window.head++;
      if (window.head > 1024) {
        window.grants = window.grants.slice(window.head);
        window.head = 0;
      }
      if (window.grants.length - window.head < limit.requests) {
        window.grants.push(now);
        return;
      }
      await clock.sleep(window.grants[window.head]! + limit.perMs - now, signal);
    }
  }

  return {
    acquire(key, limit, signal) {
      let window = windows.get(key);
      if (!window) {
        window = { grants: [], head: 0, tail: Promise.resolve() };
        windows.set(key, window);
      }
      const started = clock.now();
      const current = window;
      const turn = current.tail.then(() => take(current, limit, signal));
      current.tail = turn.then(noop, noop);
      return raceAbort(turn, signal).then(() => clock.now() - started);
    },
  };
}
