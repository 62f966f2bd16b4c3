/**
 * The runner's store in Redis, for a cluster: every runner process reads and writes the same
 * workflows, sealed connections, trigger states, snapshots, runs and logs, so any of them answers
 * for the whole cluster. A trigger state is a hash of JSON fields, so a partial update is an HSET
 * and a poll's commit is one Lua script (Redis runs a script atomically: "EVAL", Redis docs).
 */
import type { Redis } from 'ioredis';
import { Connection, FieldSnapshot, LogEntry, PendingEvent, Run, TriggerState, Workflow } from '../../src/domain/index.ts';
import type { PollCommit } from '../../src/engine/live/watcher.ts';
import type {
  RunFilter,
  RunnerConnection,
  RunnerConnectionStore,
  RunnerLiveStore,
  RunnerRunStore,
  RunnerStore,
  RunnerWorkflowStore,
} from './types.ts';

/** Runs kept before the oldest are pruned with their logs, unless the runner is told otherwise. */
export const DEFAULT_RUNNER_RUN_RETENTION = 10_000;

export interface RedisStoreOptions {
  /** Prefix of every key, so several runners' data can share one Redis. */
  prefix?: string;
  runRetention?: number;
  /** The clock that spaces the prunes (tests pass their own). */
  now?: () => number;
}

/** `commitPoll`: nothing is written once the workflow is switched off; a key already queued is left as it is. */
const COMMIT_POLL = `
if redis.call('HGET', KEYS[1], 'active') ~= 'true' then return 0 end
local i = 2
local events = tonumber(ARGV[1])
for _ = 1, events do
  if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 2]) == 1 then redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i]) end
  i = i + 3
end
local snapshots = tonumber(ARGV[i])
i = i + 1
for _ = 1, snapshots do
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  i = i + 2
end
while i <= #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
return 1
`;

/** A state patch lands only on a state that exists (a removed workflow stays removed). */
const UPDATE_STATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

/**
 * `saveRun`: the run, its two indexes and the log entries given with it in one command. A MULTI of
 * three commands costs five commands' parsing and replies in both processes, and every run is saved
 * three or four times. Entries are keyed by seq, so a write tried again writes each entry once.
 */
const SAVE_RUN = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1]) end
`;

const PAGE = 200;
const PRUNE_EVERY_MS = 1_000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function fieldsOf(patch: Record<string, unknown>): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .flatMap(([key, value]) => [key, JSON.stringify(value)]);
}

export class RedisRunnerStore implements RunnerStore {
  readonly workflows: RunnerWorkflowStore;
  readonly connections: RunnerConnectionStore;
  readonly live: RunnerLiveStore;
  readonly runs: RunnerRunStore;
  private readonly key: (...parts: string[]) => string;

  constructor(
    private readonly redis: Redis,
    options: RedisStoreOptions = {},
  ) {
    const prefix = options.prefix ?? 'runner';
    const retention = options.runRetention ?? DEFAULT_RUNNER_RUN_RETENTION;
    this.key = (...parts) => [prefix, ...parts].join(':');
    const key = this.key;
    const now = options.now ?? Date.now;
    let lastPruneAt = Number.NEGATIVE_INFINITY;
    /**
     * Each change job reads its workflow; the text is compared, and parsed again only when it changed.
     * The parsed workflow is shared between jobs, so it is frozen: a change to it would throw.
     */
    const parsedWorkflows = new Map<string, { text: string; workflow: Workflow }>();
    const workflowOf = (id: string, text: string): Workflow => {
      const cached = parsedWorkflows.get(id);
      if (cached?.text === text) return cached.workflow;
      const workflow = deepFreeze(Workflow.parse(JSON.parse(text)));
      parsedWorkflows.set(id, { text, workflow });
      return workflow;
    };

    this.workflows = {
      put: async (workflow) => void (await redis.hset(key('workflows'), workflow.id, JSON.stringify(Workflow.parse(workflow)))),
      get: async (id) => {
        const text = await redis.hget(key('workflows'), id);
        return text === null ? undefined : workflowOf(id, text);
      },
      list: async () => Object.values(await redis.hgetall(key('workflows'))).map((text) => Workflow.parse(JSON.parse(text))),
      remove: async (id) => void (await redis.hdel(key('workflows'), id)),
    };

    const connectionOf = (text: string): RunnerConnection => {
      const entry = JSON.parse(text) as RunnerConnection;
      return { connection: Connection.parse(entry.connection), sealedSecrets: entry.sealedSecrets };
    };
    this.connections = {
      get: async (linkName) => {
        const text = await redis.hget(key('connections'), linkName);
        return text === null ? undefined : connectionOf(text);
      },
      put: async (entry) => void (await redis.hset(key('connections'), entry.connection.linkName, JSON.stringify(entry))),
      list: async () => Object.values(await redis.hgetall(key('connections'))).map(connectionOf),
      remove: async (linkName) => void (await redis.hdel(key('connections'), linkName)),
    };

    const stateOf = (hash: Record<string, string>): TriggerState =>
      TriggerState.parse(Object.fromEntries(Object.entries(hash).map(([field, text]) => [field, JSON.parse(text)])));
    this.live = {
      putState: async (state) => {
        const valid = TriggerState.parse(state);
        const stateKey = key('trigger', valid.workflowId);
        await redis
          .multi()
          .del(stateKey)
          .hset(stateKey, ...fieldsOf(valid))
          .sadd(key('triggers'), valid.workflowId)
          .exec();
      },
      states: async () => {
        const ids = await redis.smembers(key('triggers'));
        const hashes = await Promise.all(ids.map((id) => redis.hgetall(key('trigger', id))));
        return hashes.filter((hash) => Object.keys(hash).length > 0).map(stateOf);
      },
      forget: async (workflowId) => {
        const queued = await redis.zrange(key('queue', workflowId), 0, -1);
        const write = redis
          .multi()
          .srem(key('triggers'), workflowId)
          .del(key('trigger', workflowId), key('snapshots', workflowId), key('queue', workflowId));
        if (queued.length > 0) write.hdel(key('events'), ...queued);
        await write.exec();
      },
      state: async (workflowId) => {
        const hash = await redis.hgetall(key('trigger', workflowId));
        return Object.keys(hash).length === 0 ? undefined : stateOf(hash);
      },
      snapshots: async (workflowId, recordIds) => {
        const out = new Map<string, Record<string, string>>();
        if (recordIds.length === 0) return out;
        const texts = await redis.hmget(key('snapshots', workflowId), ...recordIds);
        texts.forEach((text, i) => {
          if (text !== null) out.set(recordIds[i]!, (JSON.parse(text) as { values: Record<string, string> }).values);
        });
        return out;
      },
      commitPoll: async (workflowId, commit: PollCommit) => {
        const args: (string | number)[] = [commit.events.length];
        for (const event of commit.events) args.push(event.key, event.modifiedAt, JSON.stringify(PendingEvent.parse(event)));
        args.push(commit.snapshots.length);
        for (const snapshot of commit.snapshots) args.push(snapshot.recordId, JSON.stringify(FieldSnapshot.parse(snapshot)));
        args.push(...fieldsOf(commit.state));
        const done = await redis.eval(
          COMMIT_POLL,
          4,
          key('trigger', workflowId),
          key('events'),
          key('queue', workflowId),
          key('snapshots', workflowId),
          ...args,
        );
        return done === 1;
      },
      updateState: async (workflowId, patch) => {
        const fields = fieldsOf(patch);
        if (fields.length > 0) await redis.eval(UPDATE_STATE, 1, key('trigger', workflowId), ...fields);
      },
      queuedEvents: async (workflowId, limit) => {
        const keys = await redis.zrange(key('queue', workflowId), 0, limit - 1);
        if (keys.length === 0) return [];
        const texts = await redis.hmget(key('events'), ...keys);
        return texts.filter((text): text is string => text !== null).map((text) => PendingEvent.parse(JSON.parse(text)));
      },
      updateEvent: async (eventKey, patch) => {
        const text = await redis.hget(key('events'), eventKey);
        if (text === null) return;
        const event = PendingEvent.parse({ ...(JSON.parse(text) as object), ...patch });
        const write = redis.multi().hset(key('events'), eventKey, JSON.stringify(event));
        if (event.status === 'done') write.zrem(key('queue', event.workflowId), eventKey);
        await write.exec();
      },
    };

    const runOf = (text: string): Run => Run.parse(JSON.parse(text));
    const removeRuns = async (ids: readonly string[]): Promise<void> => {
      const texts = await redis.hmget(key('runs'), ...ids);
      const write = redis
        .multi()
        .hdel(key('runs'), ...ids)
        .zrem(key('runs-by-start'), ...ids);
      texts.forEach((text, i) => {
        if (text !== null) write.zrem(key('runs-of', runOf(text).workflowId), ids[i]!);
        write.del(key('log', ids[i]!));
      });
      await write.exec();
    };

    this.runs = {
      // Runs and log entries come typed from the run service and are checked when read back, as in SQLite.
      saveRun: async (run, entries = []) => {
        const lines = entries.flatMap((entry) => [String(entry.seq), JSON.stringify(entry)]);
        const keys = [key('runs'), key('runs-by-start'), key('runs-of', run.workflowId), key('log', run.id)];
        await redis.eval(SAVE_RUN, keys.length, ...keys, run.id, JSON.stringify(run), run.startedAt, ...lines);
        return run;
      },
      appendLogEntries: async (entries) => {
        // One HSET per run: each entry keyed by seq, so an append tried again after a lost answer writes each entry once.
        const byRun = new Map<string, string[]>();
        for (const entry of entries) {
          const fields = byRun.get(entry.runId) ?? byRun.set(entry.runId, []).get(entry.runId)!;
          fields.push(String(entry.seq), JSON.stringify(entry));
        }
        await Promise.all([...byRun].map(([runId, fields]) => redis.hset(key('log', runId), ...fields)));
      },
      pruneRuns: async (keep) => {
        // Every finished run asks; once a second is enough to hold the retention within a second's runs.
        if (now() - lastPruneAt < PRUNE_EVERY_MS) return 0;
        lastPruneAt = now();
        const old = await redis.zrevrange(key('runs-by-start'), keep, -1);
        if (old.length > 0) await removeRuns(old);
        return old.length;
      },
      runRetention: async () => retention,
      listRuns: async (filter: RunFilter) => {
        const limit = filter.limit ?? 100;
        const index = filter.workflowId ? key('runs-of', filter.workflowId) : key('runs-by-start');
        const out: Run[] = [];
        const max = filter.before === undefined ? '+inf' : `(${filter.before}`;
        let offset = 0;
        for (;;) {
          const ids = await redis.zrevrangebyscore(index, max, '-inf', 'LIMIT', offset, PAGE);
          if (ids.length === 0) break;
          const texts = await redis.hmget(key('runs'), ...ids);
          for (const text of texts) {
            if (text === null) continue;
            const run = runOf(text);
            if (filter.status && run.status !== filter.status) continue;
            out.push(run);
            if (out.length >= limit) return out;
          }
          offset += ids.length;
        }
        return out;
      },
      getRun: async (runId) => {
        const text = await redis.hget(key('runs'), runId);
        return text === null ? undefined : runOf(text);
      },
      logEntries: async (runId) =>
        Object.values(await redis.hgetall(key('log', runId)))
          .map((text) => LogEntry.parse(JSON.parse(text)))
          .sort((a, b) => a.seq - b.seq),
      interruptRuns: async (runIds) => {
        if (runIds.length === 0) return;
        const texts = await redis.hmget(key('runs'), ...runIds);
        const now = Date.now();
        for (const text of texts) {
          if (text === null) continue;
          const run = runOf(text);
          if (run.status !== 'running' && run.status !== 'queued') continue;
          await this.runs.saveRun({
            ...run,
            status: 'interrupted',
            finishedAt: now,
            durationMs: now - run.startedAt,
            error: { code: 'RUN_INTERRUPTED', message: 'The runner process running it stopped; its change runs again.' },
          });
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit();
  }
}
