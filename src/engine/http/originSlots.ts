/**
 * At most `perOrigin` requests in flight to one origin, the rest waiting in arrival order. A browser
 * opens 6 connections per host over HTTP/1.1 and queues the rest itself; queueing here instead means
 * a request is given its rate-limit turn only once it can go on the wire, so the limiter's timing is
 * the server's timing.
 */
import { raceAbort } from '../abort.ts';

/** Chromium's and Firefox's per-host connection limit for HTTP/1.1. */
export const BROWSER_CONNECTIONS_PER_HOST = 6;

export interface OriginSlots {
  /** Resolves with a release function once a slot is free; call it when the exchange is over. */
  acquire(origin: string, signal: AbortSignal): Promise<() => void>;
}

interface Pool {
  busy: number;
  waiting: (() => void)[];
}

export function createOriginSlots(perOrigin = BROWSER_CONNECTIONS_PER_HOST): OriginSlots {
  if (!Number.isInteger(perOrigin) || perOrigin < 1) throw new RangeError(`perOrigin must be a whole number of at least 1, not ${perOrigin}`);
  const pools = new Map<string, Pool>();

  function releaser(pool: Pool): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = pool.waiting.shift();
      if (next) next();
      else pool.busy -= 1;
    };
  }

  return {
    acquire(origin, signal) {
      let pool = pools.get(origin);
      if (!pool) {
        pool = { busy: 0, waiting: [] };
        pools.set(origin, pool);
      }
      const current = pool;
      if (current.busy < perOrigin) {
        current.busy += 1;
        return Promise.resolve(releaser(current));
      }
      let handOver: () => void = () => {};
      const turn = new Promise<void>((resolve) => {
        handOver = resolve;
        current.waiting.push(resolve);
      });
      // A waiter that gives up leaves the queue; if the slot was already handed to it, it passes it on.
      return raceAbort(turn, signal).then(
        () => releaser(current),
        (reason: unknown) => {
          const at = current.waiting.indexOf(handOver);
          if (at >= 0) current.waiting.splice(at, 1);
          else releaser(current)();
          throw reason;
        },
      );
    },
  };
}
