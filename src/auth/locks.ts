/**
 * Mutual exclusion by name. In a browser this is the Web Locks API, which also excludes other tabs
 * of the same origin; without it (Node tests, very old browsers) an in-page queue keeps the
 * single-flight guarantee within this page only.
 */
const queues = new Map<string, Promise<unknown>>();

function inPageLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(name) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(name, settled);
  void settled.then(() => {
    if (queues.get(name) === settled) queues.delete(name);
  });
  return run;
}

export function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks) return locks.request(name, { mode: 'exclusive' }, task) as Promise<T>;
  return inPageLock(name, task);
}
