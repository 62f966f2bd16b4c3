/**
 * Change jobs: one BullMQ job per detected change, its `jobId` the change's queue key, run through
 * the app's run service so a run here has the same statuses and log as a run in the browser.
 */
import { DelayedError, Worker, type Job, type JobsOptions } from 'bullmq';
import { connectionStatusError, type PendingEvent, type Run, type RunStatus } from '../../src/domain/index.ts';
import type { LivePorts } from '../../src/engine/live/watcher.ts';
import type { HttpPort } from '../../src/engine/ports.ts';
import type { RunnerConnectionStore, RunnerStore } from '../store/types.ts';
import { targetOf } from '../live/target.ts';

export interface ChangeJob {
  event: PendingEvent;
  /** The run an earlier attempt started; marked interrupted when its process died before finishing it. */
  runId?: string;
}

const DAY_MS = 24 * 3_600_000;
/** Failures after which the change is tried again later (BullMQ retries with backoff) instead of being done. */
const RETRY_LATER = new Set(['CONN_REAUTH_REQUIRED', 'CONN_NOT_CONNECTED', 'HTTP_NETWORK', 'HTTP_OFFLINE']);
/** How long a change waits while its workflow is off or a connection needs a person. */
const HOLD_MS = 60_000;

/**
 * `jobId` is the change's key: BullMQ ignores an add whose id it already holds, so a change detected
 * twice (a crash between the enqueue and the checkpoint, or overlapping reads) runs once, as long as
 * the completed job is kept (7 days, the browser keeps done changes as long).
 * Deduplication by record with `keepLastIfActive`: while a change of a record runs, a later one
 * waits for it instead of running beside it (two runs could both find no Books contact and both
 * create one); a later change that arrives while an earlier one still waits is folded into it, and
 * the seed's sync reads the Bigin record when it runs, so the record's latest state is what it syncs.
 */
export function changeJobOptions(event: PendingEvent): JobsOptions {
  return {
    jobId: event.key,
    deduplication: { id: `${event.workflowId}|${event.recordId}`, keepLastIfActive: true },
    attempts: 8,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: (7 * DAY_MS) / 1000 },
    removeOnFail: { age: (30 * DAY_MS) / 1000 },
  };
}

export interface ChangeDeps {
  store: RunnerStore;
  /** The store's connections, read through a short cache (connectionList.ts). */
  connections: RunnerConnectionStore;
  http: HttpPort;
  /** The embedded runner's live ports: a run here starts as it does there (same note, same limits). */
  ports: Pick<LivePorts, 'startRun'>;
  /** The window to wait after the provider answered 429 without a usable Retry-After. */
  rateLimitWaitMs: number;
}

/**
 * An earlier attempt's run that ended the change for good. Its process finished it but could not
 * tell BullMQ (Redis was away long enough for the job's lock to lapse), so the job came back: the
 * change is done, and running it again would make a second run of one change.
 */
function settled(run: Run | undefined): run is Run {
  if (!run) return false;
  if (run.status === 'succeeded' || run.status === 'skipped') return true;
  if (run.status !== 'failed' && run.status !== 'cancelled') return false;
  const code = run.error?.code;
  return code !== 'HTTP_RATE_LIMITED' && !(code && RETRY_LATER.has(code));
}

async function holdFor(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

/** The processor of a change queue's worker; `worker` is needed for BullMQ's queue-wide rate limit on a 429. */
export function changeProcessor(deps: ChangeDeps, worker: () => Worker) {
  return async (job: Job<ChangeJob>, token?: string): Promise<{ runId: string; status: RunStatus }> => {
    const { event, runId: earlierRunId } = job.data;
    const earlier = earlierRunId ? await deps.store.runs.getRun(earlierRunId) : undefined;
    if (settled(earlier)) return { runId: earlier.id, status: earlier.status };
    const [workflow, state] = await Promise.all([
      deps.store.workflows.get(event.workflowId),
      deps.store.live.state(event.workflowId),
      earlierRunId ? deps.store.runs.interruptRuns([earlierRunId]) : undefined,
    ]);
    // Switched off or removed: the change waits, as queued changes do in the browser.
    if (!workflow || !state?.active) return holdFor(job, token, HOLD_MS);
    const target = await targetOf(workflow, deps.connections);
    for (const linkName of target.linkNames) {
      const refusal = connectionStatusError(linkName, (await deps.http.describe(linkName))?.status);
      if (refusal) return holdFor(job, token, HOLD_MS);
    }
    const notes = job.attemptsStarted > 1 ? [`Resumed: an earlier attempt at this change did not finish (attempt ${job.attemptsStarted})`] : [];
    const started = await deps.ports.startRun(target, event, notes);
    // Noted while the run goes: if this process dies, the process that takes the change over marks it interrupted.
    const noted = job.updateData({ ...job.data, runId: started.runId });
    const [outcome] = await Promise.all([started.done, noted]);
    const code = outcome.error?.code;
    if (code === 'HTTP_RATE_LIMITED') {
      // The provider's limit was hit anyway (another client on the same organization): the whole queue
      // pauses for a window and this change goes back to wait without spending an attempt.
      await worker().rateLimit(deps.rateLimitWaitMs);
      throw Worker.RateLimitError();
    }
    if (code && RETRY_LATER.has(code)) throw new Error(`${code}: ${outcome.error?.message ?? ''}`);
    return { runId: started.runId, status: outcome.status };
  };
}
