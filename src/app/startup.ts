import { markInterruptedRuns } from '../storage/index.ts';
import { runsHeldElsewhere } from './runs/locks.ts';

/**
 * Start-up chores that must happen before the first screen reads the database. A run still going
 * in another open tab holds its Web Lock, so only runs nobody holds are marked interrupted.
 */
export async function startApp(): Promise<void> {
  await markInterruptedRuns(Date.now(), await runsHeldElsewhere());
}
