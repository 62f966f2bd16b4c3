/**
 * Undo/redo stacks of whole-document snapshots. Snapshots share unchanged nodes with each other, so a
 * long history of small edits stays small in memory.
 */
import { EditorDoc } from './document.ts';

export const HISTORY_LIMIT = 50;
/** Keystrokes in one field within this window become one undo step. */
export const COALESCE_MS = 1000;

export interface History {
  past: EditorDoc[];
  future: EditorDoc[];
}

export const EMPTY_HISTORY: History = { past: [], future: [] };

export interface LastEdit {
  key: string;
  at: number;
}

/** Whether an edit continues the previous one (same field, typed soon after) instead of starting a step. */
export function continuesEdit(last: LastEdit | null, key: string | undefined, at: number): boolean {
  return key !== undefined && last !== null && last.key === key && at - last.at <= COALESCE_MS;
}

/** Records the document as it was before an edit; a new edit forgets what could be redone. */
export function record(history: History, before: EditorDoc, limit = HISTORY_LIMIT): History {
  const past = [...history.past, before];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [] };
}

export function undo(history: History, current: EditorDoc): { history: History; doc: EditorDoc } | null {
  const doc = history.past[history.past.length - 1];
  if (!doc) return null;
  return { doc, history: { past: history.past.slice(0, -1), future: [current, ...history.future] } };
}

export function redo(history: History, current: EditorDoc): { history: History; doc: EditorDoc } | null {
  const doc = history.future[0];
  if (!doc) return null;
  return { doc, history: { past: [...history.past, current], future: history.future.slice(1) } };
}

/** Stored stacks pass through the schema; a snapshot that no longer parses is dropped, not trusted. */
export function parseHistory(stored: { past: unknown[]; future: unknown[] } | undefined): History {
  if (!stored) return EMPTY_HISTORY;
  const keep = (items: unknown[]) =>
    items.flatMap((item) => {
      const parsed = EditorDoc.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  return { past: keep(stored.past), future: keep(stored.future) };
}
