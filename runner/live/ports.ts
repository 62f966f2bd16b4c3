import { POLL_INTERVAL_BOUNDS } from '../../src/domain/index.ts';
import type { RunService } from '../../src/app/runs/service.ts';
import type { LivePorts } from '../../src/engine/live/watcher.ts';
import { QUEUED_RUN_LIMITS } from '../../src/engine/runner.ts';
import type { Clock, HttpPort } from '../../src/engine/ports.ts';
import type { RunnerStore } from '../store/types.ts';
import { targetOf } from './target.ts';

const EVENT_WORDS = { create: 'Create', edit: 'Edit' } as const;

/**
 * The browser's live ports (src/app/live/service.ts) with the runner's store and HTTP: the same
 * "Live run: …" note and queued-run limits, so a run on the runner logs what a browser run logs.
 * Only runs of this process are alive: after a restart every cut-off change runs again.
 */
export function runnerLivePorts(deps: { store: RunnerStore; http: HttpPort; clock: Clock; runService: RunService }): LivePorts {
  const { store, http, clock, runService } = deps;
  return {
    store: store.live,
    http,
    clock,
    limiter: runService.limiter,
    slots: runService.slots,
    async target(workflowId) {
      const workflow = await store.workflows.get(workflowId);
      return workflow ? targetOf(workflow, store.connections) : undefined;
    },
    async startRun(target, event, notes) {
      const what = `${event.module === 'Contacts' ? 'contact' : 'record'} ${event.recordId}`;
      const handle = await runService.start(target.workflow, {
        record: event.record,
        event: event.event,
        dryRun: false,
        mode: 'live',
        ...(event.changedFields ? { changedFields: event.changedFields } : {}),
        notes: [`Live run: Bigin ${what} (${EVENT_WORDS[event.event]} at ${event.modifiedTime})`, ...notes],
        limits: QUEUED_RUN_LIMITS,
      });
      return { runId: handle.runId, done: handle.done.then((run) => ({ status: run.status, error: run.error })) };
    },
    runAlive: async (runId) => runService.isActive(runId),
    defaultIntervalMs: (isSandbox) => (isSandbox ? POLL_INTERVAL_BOUNDS.sandbox.default : POLL_INTERVAL_BOUNDS.provider.default),
  };
}
