/**
 * The page's one run service: test runs, live runs and backfills share its rate limiter and
 * per-origin slots, so a provider's limit (Books: 100 requests a minute per organization) holds
 * across all of them.
 */
import { withLock } from '../../auth/locks.ts';
import { systemClock } from '../../engine/clock.ts';
import { appendLogEntries, getSettings, pruneRuns, saveRun } from '../../storage/index.ts';
import { connectedHttp } from '../connectedHttp.ts';
import { listConnectionChoices, validationContext } from '../facades/workflows.ts';
import { createRunService } from './service.ts';

export const runService = createRunService({
  http: connectedHttp,
  clock: systemClock,
  store: {
    saveRun,
    appendLogEntries,
    pruneRuns,
    runRetention: async () => (await getSettings()).runRetention,
  },
  validationContext: async () => validationContext(await listConnectionChoices()),
  holdLock: withLock,
  onWriteError: (error) => console.error('Could not save the run log:', error instanceof Error ? error.message : String(error)),
});
