/**
 * The runner as one member of a cluster on BullMQ and Redis: every process runs the same workers,
 * and BullMQ decides which process does what. A job scheduler per active workflow fires its polls;
 * each detected change is a job in its provider organization's queue, whose limiter holds the
 * provider's rate limit across the cluster; a process that dies loses its locks, and the stalled
 * check hands its jobs to the others. Workflows, trigger states, runs and logs live in Redis, so
 * every process answers for all of them.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { connectionForRole } from '../../src/app/runs/connectionsUsed.ts';
import { createRunService } from '../../src/app/runs/service.ts';
import type { Workflow } from '../../src/domain/index.ts';
import { systemClock } from '../../src/engine/clock.ts';
import type { Clock, HttpPort } from '../../src/engine/ports.ts';
import type { RunnerConfig, RunnerHost } from '../contracts.ts';
import { createRunnerHttp } from '../http/port.ts';
import { runnerLivePorts } from '../live/ports.ts';
import { validationContextOf } from '../live/target.ts';
import { RedisRunnerStore } from '../store/redis.ts';
import { changeProcessor, type ChangeJob } from './changes.ts';
import { cachedConnectionList } from './connectionList.ts';
import { laneOf, type Lane } from './lanes.ts';
import { defaultIntervalMs, pollProcessor, type PollJob } from './polls.ts';
import { tuningFromEnv, type ClusterTuning } from './tuning.ts';

export interface ClusterDeps {
  /** The engine's HTTP; the runner's own over the store's sealed connections when absent. */
  http?: HttpPort;
  tuning?: ClusterTuning;
  clock?: Clock;
  /** Prefix of the runner's own keys and BullMQ's (default `runner`), so clusters can share a Redis. */
  prefix?: string;
  log?: (line: string) => void;
}

export interface ClusterHost extends RunnerHost {
  readonly store: RedisRunnerStore;
}

interface PollLoop {
  queue: Queue<PollJob>;
  worker: Worker<PollJob>;
  everyMs: number;
}

interface LaneLoop {
  lane: Lane;
  queue: Queue<ChangeJob>;
  worker: Worker<ChangeJob>;
}

/** A connection's new status reaches the change jobs within this. */
const CONNECTION_LIST_TTL_MS = 1_000;
const POLL_JOB_OPTIONS = { removeOnComplete: true, removeOnFail: 100 };

export async function createClusterHost(config: RunnerConfig, deps: ClusterDeps = {}): Promise<ClusterHost> {
  if (!config.redisUrl) throw new Error('The cluster host needs REDIS_URL (redis://host:port) to reach its Redis');
  const tuning = deps.tuning ?? tuningFromEnv(process.env);
  const clock = deps.clock ?? systemClock;
  const prefix = deps.prefix ?? 'runner';
  const log = deps.log ?? ((line: string) => console.error(`runner: ${line}`));
  // BullMQ's workers wait on Redis as long as it takes (BullMQ docs, "Going to production": maxRetriesPerRequest null).
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  await redis.connect();
  const connection = redis;
  const store = new RedisRunnerStore(redis, { prefix });
  const connections = cachedConnectionList(store.connections, CONNECTION_LIST_TTL_MS);
  const http = deps.http ?? createRunnerHttp({ connections: store.connections, key: config.key, clock, sandboxUrl: config.sandboxUrl });
  const runs = createRunService({
    http,
    clock,
    store: store.runs,
    validationContext: () => validationContextOf(connections),
    onWriteError: (error) => log(`a run record could not be written: ${error instanceof Error ? error.message : String(error)}`),
  });

  const ports = runnerLivePorts({ store, http, clock, runService: runs });
  const polls = new Map<string, PollLoop>();
  const lanes = new Map<string, LaneLoop>();
  const laneOfWorkflow = new Map<string, string>();
  let started = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let refreshing: Promise<void> | null = null;
  let swept = false;
  const lastError = new Map<string, number>();

  const reportErrors = (name: string) => (error: Error) => {
    // A Redis restart makes every worker report the same refusal; once per 10 s each is enough.
    const key = `${name}: ${error.message}`;
    if ((lastError.get(key) ?? 0) > Date.now() - 10_000) return;
    lastError.set(key, Date.now());
    log(key);
  };
  const bullmq = { connection, prefix: `${prefix}-bull` };
  redis.on('error', reportErrors('redis'));

  async function ensureLane(lane: Lane): Promise<LaneLoop> {
    const existing = lanes.get(lane.queueName);
    if (existing) return existing;
    const queue = new Queue<ChangeJob>(lane.queueName, bullmq);
    queue.on('error', reportErrors(lane.queueName));
    let worker: Worker<ChangeJob> | null = null;
    const processor = changeProcessor({ store, connections, http, ports, rateLimitWaitMs: lane.rateLimit?.perMs ?? 60_000 }, () => worker!);
    worker = new Worker<ChangeJob>(lane.queueName, processor, {
      ...bullmq,
      concurrency: tuning.concurrency,
      ...(lane.limiter ? { limiter: lane.limiter } : {}),
      lockDuration: tuning.lockMs,
      stalledInterval: Math.max(500, Math.floor(tuning.lockMs / 2)),
      // A Redis restart or a killed process can stall a job more than once; each time it goes back to wait.
      maxStalledCount: 5,
    });
    worker.on('error', reportErrors(lane.queueName));
    const loop = { lane, queue, worker };
    lanes.set(lane.queueName, loop);
    return loop;
  }

  async function changeQueue(workflowId: string): Promise<Queue<ChangeJob>> {
    const known = laneOfWorkflow.get(workflowId);
    const loop = known ? lanes.get(known) : undefined;
    if (loop) return loop.queue;
    const workflow = await store.workflows.get(workflowId);
    if (!workflow) throw new Error(`Workflow ${workflowId} is gone`);
    const lane = await laneOf(workflow, http);
    laneOfWorkflow.set(workflowId, lane.queueName);
    return (await ensureLane(lane)).queue;
  }

  async function forget(workflowId: string): Promise<void> {
    const loop = polls.get(workflowId);
    polls.delete(workflowId);
    if (!loop) return;
    await loop.queue.removeJobScheduler(workflowId);
    await loop.worker.close();
    await loop.queue.close();
  }

  const poll = pollProcessor({ store, http, clock, limiter: runs.limiter, changeQueue, forget });

  async function ensurePoll(workflowId: string, everyMs: number): Promise<void> {
    const existing = polls.get(workflowId);
    if (existing?.everyMs === everyMs) return;
    const queue = existing?.queue ?? new Queue<PollJob>(`poll-${workflowId}`, bullmq);
    if (!existing) {
      queue.on('error', reportErrors(`poll-${workflowId}`));
      // BullMQ adds a scheduler's next job when the current one starts, so a check slower than the
      // interval would overlap the next one on another worker; one active job per queue cluster-wide
      // (the queue's global concurrency) keeps a workflow's checks one at a time.
      await queue.setGlobalConcurrency(1);
    }
    await queue.upsertJobScheduler(workflowId, { every: everyMs }, { name: 'poll', data: { workflowId }, opts: POLL_JOB_OPTIONS });
    const worker =
      existing?.worker ??
      new Worker<PollJob>(`poll-${workflowId}`, poll, {
        ...bullmq,
        concurrency: 1,
        lockDuration: tuning.lockMs,
        stalledInterval: Math.max(500, Math.floor(tuning.lockMs / 2)),
        maxStalledCount: 5,
      });
    if (!existing) worker.on('error', reportErrors(`poll-${workflowId}`));
    polls.set(workflowId, { queue, worker, everyMs });
  }

  async function intervalOf(workflow: Workflow, pollIntervalMs: number | null): Promise<number> {
    if (pollIntervalMs !== null) return pollIntervalMs;
    const linkName = connectionForRole(workflow, 'bigin');
    const info = linkName ? await http.describe(linkName) : null;
    return defaultIntervalMs(info?.isSandbox ?? false);
  }

  async function refreshOnce(): Promise<void> {
    const workflows = await store.workflows.list();
    const active = new Set<string>();
    for (const workflow of workflows) {
      const state = await store.live.state(workflow.id);
      if (!state?.active) continue;
      active.add(workflow.id);
      const lane = await laneOf(workflow, http);
      laneOfWorkflow.set(workflow.id, lane.queueName);
      await ensureLane(lane);
      await ensurePoll(workflow.id, await intervalOf(workflow, state.pollIntervalMs));
    }
    for (const workflowId of [...polls.keys()]) if (!active.has(workflowId)) await forget(workflowId);
    if (swept) return;
    swept = true;
    // Switched off while this process was down: the workflow's scheduler may still be in Redis.
    for (const workflow of workflows) {
      if (active.has(workflow.id) || polls.has(workflow.id)) continue;
      const queue = new Queue(`poll-${workflow.id}`, bullmq);
      await queue.removeJobScheduler(workflow.id);
      await queue.close();
    }
  }

  async function refresh(): Promise<void> {
    if (!started) return;
    // One refresh at a time: the timer and an API call may ask together.
    refreshing ??= refreshOnce().finally(() => (refreshing = null));
    await refreshing;
  }

  return {
    store,
    async start() {
      if (started) return;
      started = true;
      await refresh();
      timer = setInterval(() => void refresh().catch(reportErrors('refresh')), tuning.refreshMs);
    },
    async stop() {
      started = false;
      if (timer) clearInterval(timer);
      timer = null;
      await refreshing?.catch(() => {});
      const loops = [...polls.values(), ...lanes.values()];
      await Promise.all(loops.map((loop) => loop.worker.close()));
      await Promise.all(loops.map((loop) => loop.queue.close()));
      polls.clear();
      lanes.clear();
    },
    refresh,
  };
}
