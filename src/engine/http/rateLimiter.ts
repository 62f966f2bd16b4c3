/**
 * Sliding-window limiter: at most `requests` in any `perMs` window per key. Callers queue in arrival
 * order instead of failing. A request counts from its grant until `perMs` after its answer arrived:
 * the server counts it at some moment in between, so no window the server sees can hold more than
 * `requests`, however long answers take (a 429 would cost far more than the latency this gives up).
 */
import type { RateLimit } from '../../domain/index.ts';
import { raceAbort } from '../abort.ts';
import type { Clock } from '../ports.ts';

export interface RateLimitTurn {
  /** Milliseconds spent waiting for the turn. */
  waited: number;
  /** Call once the answer (or failure) is in; idempotent. */
  done(): void;
}

export interface RateLimiter {
  acquire(key: string, limit: RateLimit, signal: AbortSignal): Promise<RateLimitTurn>;
}

interface Window {
  inFlight: number;
  /** Answer times, ascending (the clock only moves forward). */
  answered: number[];
  head: number;
  tail: Promise<void>;
  wake: (() => void) | null;
}

const noop = () => {};

export function createRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, Window>();

  function expire(window: Window, limit: RateLimit, now: number): void {
    while (window.head < window.answered.length && window.answered[window.head]! <= now - limit.perMs) window.head++;
    if (window.head > 1024) {
      window.answered = window.answered.slice(window.head);
      window.head = 0;
    }
  }

  /** Sleeps until the oldest answer leaves the window, or until an in-flight request is answered. */
  async function waitForRoom(window: Window, limit: RateLimit, now: number, signal: AbortSignal): Promise<void> {
    const stop = new AbortController();
    const woken = new Promise<void>((resolve) => (window.wake = resolve));
    const oldest = window.answered[window.head];
    const timers: Promise<void>[] = [woken];
    if (oldest !== undefined) timers.push(clock.sleep(oldest + limit.perMs - now, AbortSignal.any([signal, stop.signal])));
    try {
      await raceAbort(Promise.race(timers), signal);
    } finally {
      window.wake = null;
      stop.abort();
    }
  }

  async function take(window: Window, limit: RateLimit, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const now = clock.now();
      expire(window, limit, now);
      if (window.inFlight + window.answered.length - window.head < limit.requests) {
        window.inFlight += 1;
        return;
      }
      await waitForRoom(window, limit, now, signal);
    }
  }

  return {
    acquire(key, limit, signal) {
      let window = windows.get(key);
      if (!window) {
        window = { inFlight: 0, answered: [], head: 0, tail: Promise.resolve(), wake: null };
        windows.set(key, window);
      }
      const started = clock.now();
      const current = window;
      const turn = current.tail.then(() => take(current, limit, signal));
      current.tail = turn.then(noop, noop);
      return raceAbort(turn, signal).then(() => {
        let finished = false;
        return {
          waited: clock.now() - started,
          done() {
            if (finished) return;
            finished = true;
            current.inFlight -= 1;
            current.answered.push(clock.now());
            current.wake?.();
          },
        };
      });
    },
  };
}
