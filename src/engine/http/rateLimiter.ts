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

interface Tally {
  inFlight: number;
  /** Answer times, ascending (the clock only moves forward). */
  answered: number[];
  head: number;
  tail: Promise<void>;
  wake: (() => void) | null;
}

const noop = () => {};

export function createRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, Tally>();

  function expire(tally: Tally, limit: RateLimit, now: number): void {
    while (tally.head < tally.answered.length && tally.answered[tally.head]! <= now - limit.perMs) tally.head++;
    if (tally.head > 1024) {
      tally.answered = tally.answered.slice(tally.head);
      tally.head = 0;
    }
  }

  /** Sleeps until the oldest answer leaves the window, or until an in-flight request is answered. */
  async function waitForRoom(tally: Tally, limit: RateLimit, now: number, signal: AbortSignal): Promise<void> {
    // A listener removed when the wait ends, not AbortSignal.any: that one stays on the caller's signal
    // until garbage collection, and a long bulk job waits thousands of times on one signal.
    const stop = new AbortController();
    const forward = () => stop.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    const woken = new Promise<void>((resolve) => (tally.wake = resolve));
    const oldest = tally.answered[tally.head];
    const timers: Promise<void>[] = [woken];
    if (oldest !== undefined) timers.push(clock.sleep(oldest + limit.perMs - now, stop.signal));
    try {
      await raceAbort(Promise.race(timers), signal);
    } finally {
      signal.removeEventListener('abort', forward);
      tally.wake = null;
      stop.abort();
    }
  }

  async function take(tally: Tally, limit: RateLimit, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const now = clock.now();
      expire(tally, limit, now);
      if (tally.inFlight + tally.answered.length - tally.head < limit.requests) {
        tally.inFlight += 1;
        return;
      }
      await waitForRoom(tally, limit, now, signal);
    }
  }

  return {
    acquire(key, limit, signal) {
      let tally = windows.get(key);
      if (!tally) {
        tally = { inFlight: 0, answered: [], head: 0, tail: Promise.resolve(), wake: null };
        windows.set(key, tally);
      }
      const started = clock.now();
      const current = tally;
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
