/**
 * A run holds the Web Lock `run:<id>` while it goes (auth/locks.ts `withLock`, the page's one lock helper). The
 * browser drops it when the page closes, so at start-up a run still marked running whose lock nobody holds was cut off.
 * @see https://w3c.github.io/web-locks/ (LockManager.request, LockManager.query)
 */
/** Kept apart from the run service so start-up can check locks without loading the engine. */
export function lockName(runId: string): string {
  return `run:${runId}`;
}

/** Ids of runs whose lock some open tab holds right now. */
export async function runsHeldElsewhere(): Promise<(runId: string) => boolean> {
  if (typeof navigator === 'undefined' || !navigator.locks) return () => false;
  const snapshot = await navigator.locks.query();
  const held = new Set([...(snapshot.held ?? []), ...(snapshot.pending ?? [])].map((lock) => lock.name));
  return (runId) => held.has(lockName(runId));
}
