import { createRunService, type RunService } from '../../src/app/runs/service.ts';
import { systemClock } from '../../src/engine/clock.ts';
import { WorkflowWatcher } from '../../src/engine/live/watcher.ts';
import type { Clock } from '../../src/engine/ports.ts';
import type { RunnerConfig, RunnerHost } from '../contracts.ts';
import { createRunnerHttp } from '../http/port.ts';
import { runnerLivePorts } from '../live/ports.ts';
import { validationContextOf } from '../live/target.ts';
import type { RunnerLog } from '../log.ts';
import { openSqliteStore, type SqliteRunnerStore } from '../store/sqlite.ts';
import { runningRunIds } from '../store/sqliteRuns.ts';

/** How often the host re-reads the switches, so `activate`/`deactivate` from another command take effect. */
const FOLLOW_INTERVAL_MS = 1_000;

export interface EmbeddedHost extends RunnerHost {
  readonly store: SqliteRunnerStore;
  readonly runService: RunService;
}

/**
 * One process, state in SQLite: one engine watcher per active workflow, as the browser's leading tab
 * runs them (src/app/live/service.ts), with the runner's store and HTTP as ports.
 */
export function createEmbeddedHost(config: RunnerConfig, log: RunnerLog, clock: Clock = systemClock): EmbeddedHost {
  const store = openSqliteStore(config.dataDir);
  const http = createRunnerHttp({ connections: store.connections, key: config.key, clock, sandboxUrl: config.sandboxUrl });
  const runService = createRunService({
    http,
    clock,
    store: store.runs,
    validationContext: () => validationContextOf(store.connections),
    onWriteError: (error) => log.warn('A run record could not be written', { error: error instanceof Error ? error.message : String(error) }),
  });
  const ports = runnerLivePorts({ store, http, clock, runService });
  const watchers = new Map<string, WorkflowWatcher>();
  const checksSeen = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let following: Promise<void> = Promise.resolve();

  async function follow(): Promise<void> {
    const states = await store.live.states();
    const active = new Map(states.filter((s) => s.active).map((s) => [s.workflowId, s]));
    for (const [workflowId, watcher] of watchers) {
      if (active.has(workflowId)) continue;
      watchers.delete(workflowId);
      log.info('Workflow switched off', { workflowId });
      void watcher.stop();
    }
    for (const [workflowId, state] of active) {
      const watcher = watchers.get(workflowId);
      if (!watcher || watcher.finished) {
        const next = new WorkflowWatcher(workflowId, ports);
        watchers.set(workflowId, next);
        checksSeen.set(workflowId, state.checkRequestedAt ?? 0);
        if (!watcher) log.info('Workflow live', { workflowId });
        next.start();
      } else if ((state.checkRequestedAt ?? 0) > (checksSeen.get(workflowId) ?? 0)) {
        checksSeen.set(workflowId, state.checkRequestedAt ?? 0);
        watcher.checkNow();
      }
    }
  }

  const refresh = (): Promise<void> => {
    following = following.then(follow, follow);
    return following;
  };

  return {
    store,
    runService,
    async start() {
      // Only runs of this process are alive: what a previous process left running was cut off, and
      // each watcher puts its change back in the queue (recoverCutOffRuns).
      const cutOff = runningRunIds(store.db);
      if (cutOff.length > 0) {
        await store.runs.interruptRuns(cutOff);
        log.info('Runs cut off by the last stop marked interrupted; their changes run again', { count: cutOff.length });
      }
      await refresh();
      timer = setInterval(() => {
        refresh().catch((error: unknown) =>
          log.warn('Could not read the workflow switches', { error: error instanceof Error ? error.message : String(error) }),
        );
      }, FOLLOW_INTERVAL_MS);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await following.catch(() => {});
      const stopping = [...watchers.values()];
      watchers.clear();
      await Promise.all(stopping.map((watcher) => watcher.stop()));
      await Promise.all(stopping.map((watcher) => watcher.idle()));
    },
    refresh,
  };
}
