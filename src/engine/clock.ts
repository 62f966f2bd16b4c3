/** The real clock, for the app and benchmarks; tests use a virtual one. */
import type { Clock } from './ports.ts';

export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  timeout(ms, fire) {
    const timer = setTimeout(fire, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as unknown);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason as unknown);
      };
      const timer = setTimeout(
        () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};
