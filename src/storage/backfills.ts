/** Backfill jobs of live workflows and the bulk sync's memory of the Books contacts it wrote. */
import { liveQuery } from 'dexie';
import { BackfillJob, RememberedBooksContact } from '../domain/index.ts';
import { database } from './lifecycle.ts';
import { parseRow, parseRows, toRow } from './parse.ts';

export async function getBackfill(workflowId: string): Promise<BackfillJob | undefined> {
  return parseRow(BackfillJob, 'backfills', await database().backfills.get(workflowId));
}

export async function saveBackfill(job: BackfillJob): Promise<void> {
  await database().backfills.put(toRow(BackfillJob.parse(job)));
}

/** Applies a change unless the job's status moved meanwhile (a pause or cancel from another tab wins). */
export async function updateBackfill(workflowId: string, patch: Partial<BackfillJob>, onlyIf?: BackfillJob['status']): Promise<boolean> {
  const db = database();
  return db.transaction('rw', db.backfills, async () => {
    const current = parseRow(BackfillJob, 'backfills', await db.backfills.get(workflowId));
    if (!current || (onlyIf && current.status !== onlyIf)) return false;
    await db.backfills.put(toRow(BackfillJob.parse({ ...current, ...patch, workflowId, updatedAt: Date.now() })));
    return true;
  });
}

export function watchBackfills(listener: (jobs: BackfillJob[]) => void, onError: (error: unknown) => void): () => void {
  const subscription = liveQuery(async () => parseRows(BackfillJob, 'backfills', await database().backfills.toArray())).subscribe({
    next: listener,
    error: onError,
  });
  return () => subscription.unsubscribe();
}

export async function getRememberedContact(key: string): Promise<RememberedBooksContact | undefined> {
  return parseRow(RememberedBooksContact, 'bookslinks', await database().bookslinks.get(key));
}

export async function rememberContact(row: RememberedBooksContact): Promise<void> {
  await database().bookslinks.put(toRow(RememberedBooksContact.parse(row)));
}
