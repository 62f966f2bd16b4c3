/**
 * Poll jobs: a BullMQ job scheduler per active workflow fires one every interval; the job runs one
 * trigger check (`pollStep`, the browser watcher's own step), enqueues what it found, then writes
 * the checkpoint.
 */
import type { Queue } from 'bullmq';
import { POLL_INTERVAL_BOUNDS } from '../../src/domain/index.ts';
import type { RateLimiter } from '../../src/engine/http/rateLimiter.ts';
import { pollStep } from '../../src/engine/live/pollStep.ts';
import type { Clock, HttpPort } from '../../src/engine/ports.ts';
import type { RunnerStore } from '../store/types.ts';
import { changeJobOptions, type ChangeJob } from './changes.ts';
import { targetOf } from '../live/target.ts';

export interface PollJob {
  workflowId: string;
}

export interface PollDeps {
  store: RunnerStore;
  http: HttpPort;
  clock: Clock;
  limiter: RateLimiter;
  /** The change queue of a workflow (its provider organization's). */
  changeQueue(workflowId: string): Promise<Queue<ChangeJob>>;
  /** Called when the workflow is gone, so its scheduler is removed. */
  forget(workflowId: string): Promise<void>;
}

export const defaultIntervalMs = (isSandbox: boolean): number =>
  isSandbox ? POLL_INTERVAL_BOUNDS.sandbox.default : POLL_INTERVAL_BOUNDS.provider.default;

export function pollProcessor(deps: PollDeps) {
  return async (job: { data: PollJob }): Promise<number> => {
    const { workflowId } = job.data;
    const { store } = deps;
    const state = await store.live.state(workflowId);
    if (!state?.active) return 0;
    // After a failed check the backoff decides; the scheduler's beat only offers the chance.
    if (state.failures > 0 && state.nextPollAt !== null && state.nextPollAt > deps.clock.now()) return 0;
    const workflow = await store.workflows.get(workflowId);
    if (!workflow) {
      await store.live.updateState(workflowId, { active: false, nextPollAt: null });
      await deps.forget(workflowId);
      return 0;
    }
    const target = await targetOf(workflow, store.connections);
    const result = await pollStep(
      {
        http: deps.http,
        clock: deps.clock,
        limiter: deps.limiter,
        snapshots: (id, recordIds) => store.live.snapshots(id, recordIds),
        defaultIntervalMs,
      },
      { workflowId, state, target, signal: new AbortController().signal },
    );
    if (!result.ok) {
      await store.live.updateState(workflowId, result.state);
      return 0;
    }
    const { events, ...rest } = result.commit;
    if (events.length > 0) {
      const queue = await deps.changeQueue(workflowId);
      await queue.addBulk(events.map((event) => ({ name: 'change', data: { event }, opts: changeJobOptions(event) })));
    }
    // Enqueue first, checkpoint second: a crash between the two reads the same changes again at the
    // next check, and BullMQ drops their jobs, whose ids it already holds. The other order could lose them.
    await store.live.commitPoll(workflowId, { ...rest, events: [] });
    return events.length;
  };
}
