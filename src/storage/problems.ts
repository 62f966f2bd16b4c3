/**
 * Problems the storage layer met (a row that fails its schema, a database that would not open).
 * The shell shows them; nothing here throws at the reader.
 */
export interface StorageProblem {
  code: 'STORAGE_CORRUPT_ROW' | 'STORAGE_OPEN_FAILED' | 'STORAGE_VERSION_CHANGED';
  message: string;
  table?: string;
  rowId?: string;
}

type Listener = (problems: readonly StorageProblem[]) => void;

let problems: StorageProblem[] = [];
const listeners = new Set<Listener>();

export function reportStorageProblem(problem: StorageProblem): void {
  const key = `${problem.code}:${problem.table ?? ''}:${problem.rowId ?? ''}`;
  if (problems.some((p) => `${p.code}:${p.table ?? ''}:${p.rowId ?? ''}` === key)) return;
  problems = [...problems, problem];
  for (const listener of listeners) listener(problems);
}

export function storageProblems(): readonly StorageProblem[] {
  return problems;
}

export function onStorageProblems(listener: Listener): () => void {
  listeners.add(listener);
  listener(problems);
  return () => listeners.delete(listener);
}

export function clearStorageProblems(): void {
  problems = [];
  for (const listener of listeners) listener(problems);
}
