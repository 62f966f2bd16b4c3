import { z } from 'zod';
import { Workflow, newId, tryMigrateWorkflowDocument, type Layout, type WorkflowEdge, type WorkflowNode } from '../domain/index.ts';
import { database } from './lifecycle.ts';
import { parseRow, parseRows, reportDamagedRow, toRow } from './parse.ts';

function parseWorkflowRow(row: unknown): Workflow | undefined {
  if (row === undefined) return undefined;
  const migrated = tryMigrateWorkflowDocument(row);
  if (!migrated.ok) {
    reportDamagedRow('workflows', row, migrated.reason);
    return undefined;
  }
  return parseRow(Workflow, 'workflows', migrated.document);
}

export async function listWorkflows(): Promise<Workflow[]> {
  const rows = await database().workflows.orderBy('updatedAt').reverse().toArray();
  return rows.map(parseWorkflowRow).filter((w): w is Workflow => w !== undefined);
}

export async function getWorkflow(id: string): Promise<Workflow | undefined> {
  return parseWorkflowRow(await database().workflows.get(id));
}

export interface NewWorkflow {
  name: string;
  nodes?: WorkflowNode[];
  edges?: WorkflowEdge[];
  layout?: Layout;
}

export async function createWorkflow(input: NewWorkflow): Promise<Workflow> {
  const now = Date.now();
  const workflow = Workflow.parse({
    id: newId('workflow'),
    name: input.name,
    schemaVersion: 2,
    nodes: input.nodes ?? [],
    edges: input.edges ?? [],
    layout: input.layout ?? { nodes: {} },
    revision: 0,
    createdAt: now,
    updatedAt: now,
  });
  await database().workflows.add(toRow(workflow));
  return workflow;
}

export type SaveResult = { ok: true; workflow: Workflow } | { ok: false; conflict: Workflow };

/**
 * Saves when the stored revision is the one the editor started from; otherwise returns the stored
 * copy so the editor can tell the person that another tab changed it (last writer wins, with notice).
 */
export async function saveWorkflow(workflow: Workflow, options: { force?: boolean } = {}): Promise<SaveResult> {
  const db = database();
  return db.transaction('rw', db.workflows, async () => {
    const stored = parseWorkflowRow(await db.workflows.get(workflow.id));
    if (stored && stored.revision !== workflow.revision && !options.force) return { ok: false, conflict: stored };
    const next = Workflow.parse({ ...workflow, revision: (stored?.revision ?? workflow.revision) + 1, updatedAt: Date.now() });
    await db.workflows.put(toRow(next));
    return { ok: true, workflow: next };
  });
}

export async function renameWorkflow(id: string, name: string): Promise<void> {
  await database().workflows.update(id, (row) => {
    row.name = name;
    row.revision = Number(row.revision ?? 0) + 1;
    row.updatedAt = Date.now();
  });
}

export async function duplicateWorkflow(id: string): Promise<Workflow | undefined> {
  const source = await getWorkflow(id);
  if (!source) return undefined;
  return createWorkflow({ name: `${source.name} (copy)`, nodes: source.nodes, edges: source.edges, layout: source.layout });
}

/** Deletes and returns the row so the UI can offer Undo. */
export async function deleteWorkflow(id: string): Promise<Workflow | undefined> {
  const db = database();
  const workflow = await getWorkflow(id);
  await db.transaction('rw', [db.workflows, db.history, db.triggers, db.events, db.snapshots, db.backfills], async () => {
    await db.workflows.delete(id);
    await db.history.delete(id);
    // A deleted workflow stops watching: its trigger, queued changes, snapshots and backfill go with it.
    await db.triggers.delete(id);
    await db.events.where('workflowId').equals(id).delete();
    await db.snapshots.where('workflowId').equals(id).delete();
    await db.backfills.delete(id);
  });
  return workflow;
}

export async function restoreWorkflow(workflow: Workflow): Promise<void> {
  await database().workflows.put(toRow(workflow));
}

/** Undo/redo stacks survive a reload; each entry is a whole graph + layout snapshot. */
export const HistorySnapshot = z.object({
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()),
  layout: z.unknown(),
});
export const WorkflowHistory = z.object({
  workflowId: z.string(),
  past: z.array(HistorySnapshot),
  future: z.array(HistorySnapshot),
});
export type WorkflowHistory = z.infer<typeof WorkflowHistory>;

export async function getWorkflowHistory(workflowId: string): Promise<WorkflowHistory | undefined> {
  return parseRow(WorkflowHistory, 'history', await database().history.get(workflowId));
}

export async function saveWorkflowHistory(history: WorkflowHistory): Promise<void> {
  await database().history.put(toRow(history));
}

export async function allWorkflowsForTests(): Promise<Workflow[]> {
  return parseRows(Workflow, 'workflows', await database().workflows.toArray());
}
