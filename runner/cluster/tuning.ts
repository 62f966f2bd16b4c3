/**
 * The cluster's knobs, from the environment: how many changes one process runs side by side, how
 * long a job's lock lasts before BullMQ's stalled check gives it to another process, and how often
 * a process re-reads the workflows' switches.
 */
export interface ClusterTuning {
  /** Changes one process runs at once per organization queue (RUNNER_CLUSTER_CONCURRENCY, default 8). */
  concurrency: number;
  /**
   * BullMQ `lockDuration` (RUNNER_CLUSTER_LOCK_MS, default 30 s): a worker renews its jobs' locks every
   * half of it; a process that dies loses them, and the stalled check, every half of it too, moves
   * its jobs back to wait for another process.
   */
  lockMs: number;
  /** How often each process re-reads workflows and trigger states (RUNNER_CLUSTER_REFRESH_MS, default 5 s). */
  refreshMs: number;
}

export const DEFAULT_TUNING: ClusterTuning = { concurrency: 8, lockMs: 30_000, refreshMs: 5_000 };

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

export function tuningFromEnv(env: NodeJS.ProcessEnv): ClusterTuning {
  return {
    concurrency: whole(env, 'RUNNER_CLUSTER_CONCURRENCY', DEFAULT_TUNING.concurrency, 1, 256),
    lockMs: whole(env, 'RUNNER_CLUSTER_LOCK_MS', DEFAULT_TUNING.lockMs, 1_000, 600_000),
    refreshMs: whole(env, 'RUNNER_CLUSTER_REFRESH_MS', DEFAULT_TUNING.refreshMs, 100, 600_000),
  };
}
