import { z } from 'zod';
import { Layout, WorkflowEdge, WorkflowNode } from '../domain/index.ts';

/**
 * A last-moment copy of unsaved editor changes. IndexedDB writes started while a page is being
 * closed may never commit, so on `pagehide` the editor also writes its pending changes here,
 * synchronously; on the next open they are saved properly and the draft is dropped. Workflows hold
 * no secrets (connections are referenced by link name only), so localStorage is acceptable here.
 */
const Draft = z.object({
  /** The stored revision the changes were made on; a draft older than storage is stale. */
  revision: z.number().int().nonnegative(),
  name: z.string().min(1),
  nodes: z.array(WorkflowNode),
  edges: z.array(WorkflowEdge),
  layout: Layout,
  history: z.object({ past: z.array(z.unknown()), future: z.array(z.unknown()) }),
});
export type WorkflowDraft = z.infer<typeof Draft>;

const keyOf = (workflowId: string) => `workflow-draft:${workflowId}`;

export function stashDraft(workflowId: string, draft: WorkflowDraft): void {
  try {
    localStorage.setItem(keyOf(workflowId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the IndexedDB save that is also under way is all we have.
  }
}

/** The draft for this workflow, if any and well-formed; a damaged one is dropped. */
export function readDraft(workflowId: string): WorkflowDraft | undefined {
  let text: string | null = null;
  try {
    text = localStorage.getItem(keyOf(workflowId));
  } catch {
    return undefined;
  }
  if (text === null) return undefined;
  try {
    const parsed = Draft.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: fall through and drop it.
  }
  dropDraft(workflowId);
  return undefined;
}

export function dropDraft(workflowId: string): void {
  try {
    localStorage.removeItem(keyOf(workflowId));
  } catch {
    // Nothing to drop.
  }
}
