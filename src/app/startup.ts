import { markInterruptedRuns } from '../storage/index.ts';

/** Start-up chores that must happen before the first screen reads the database. */
export async function startApp(): Promise<void> {
  await markInterruptedRuns(Date.now());
}
