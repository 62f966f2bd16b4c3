import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activateTrigger, AppDatabase, resetDatabaseForTests } from '../../../src/storage/index.ts';
import { LiveWorkflows, livePorts, watchedStates } from '../../../src/app/live/service.ts';
import type { RunnerActiveSource } from '../../../src/app/pairedRunner/feed.ts';
import type { LivePorts } from '../../../src/engine/live/watcher.ts';
import { TriggerState } from '../../../src/domain/index.ts';
import { until } from '../support/until.ts';

/** A runner whose report the test sets: the ids of the app's workflows it runs. */
class RunnerReport implements RunnerActiveSource {
  private listener: ((ids: ReadonlySet<string>) => void) | null = null;
  constructor(private ids: ReadonlySet<string>) {}
  subscribeActive(listener: (ids: ReadonlySet<string>) => void): () => void {
    this.listener = listener;
    listener(this.ids);
    return () => (this.listener = null);
  }
  report(ids: string[]): void {
    this.ids = new Set(ids);
    this.listener?.(this.ids);
  }
}

/** Ports whose store records which workflows a watcher read; it finds no target, so nothing polls Bigin. */
function recordingPorts(touched: Set<string>): LivePorts {
  return {
    ...livePorts,
    store: {
      ...livePorts.store,
      async state(workflowId) {
        touched.add(workflowId);
        return livePorts.store.state(workflowId);
      },
      async queuedEvents(workflowId, limit) {
        touched.add(workflowId);
        return livePorts.store.queuedEvents(workflowId, limit);
      },
    },
    target: async () => undefined,
    http: {
      send() {
        throw new Error('no HTTP is expected: a watched workflow has no target here');
      },
      describe: async () => null,
    },
  };
}

const state = (workflowId: string, active: boolean) => TriggerState.parse({ workflowId, active, updatedAt: 0 });

beforeEach(() => resetDatabaseForTests(new AppDatabase(`live-guard-${crypto.randomUUID()}`)));
afterEach(() => resetDatabaseForTests());

describe('watchedStates', () => {
  it('keeps switched-on workflows and drops those the runner reports active', () => {
    const states = [state('wf_aaaa', true), state('wf_bbbb', true), state('wf_cccc', false)];
    expect([...watchedStates(states, new Set(['wf_aaaa'])).keys()]).toEqual(['wf_bbbb']);
    expect([...watchedStates(states, new Set()).keys()]).toEqual(['wf_aaaa', 'wf_bbbb']);
  });
});

describe('LiveWorkflows with a paired runner', () => {
  it('never starts a watcher for a workflow the runner reports active, and stops one it takes over', async () => {
    await activateTrigger('wf_onrunner', null);
    await activateTrigger('wf_browser', null);
    const touched = new Set<string>();
    const runner = new RunnerReport(new Set(['wf_onrunner']));
    const live = new LiveWorkflows(recordingPorts(touched), runner);
    live.start();
    try {
      await until(() => touched.has('wf_browser'));
      expect(live.watching).toEqual(['wf_browser']);
      expect(touched.has('wf_onrunner')).toBe(false);

      runner.report(['wf_onrunner', 'wf_browser']);
      expect(live.watching).toEqual([]);

      runner.report([]);
      expect(live.watching.sort()).toEqual(['wf_browser', 'wf_onrunner']);
    } finally {
      live.stop();
    }
  });
});
