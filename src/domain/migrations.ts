import { z } from 'zod';
import { CURRENT_WORKFLOW_SCHEMA_VERSION } from './workflow.ts';
import { formatPath } from './workflowFile.ts';

/**
 * Workflow document migrations: pure functions `(old) => new`, one per version step, never mutating
 * their input. Version 1 kept each node's canvas position on the node; version 2 keeps logic and
 * layout apart and adds `revision` for multi-tab saves.
 */
type Doc = Record<string, unknown>;

const V1Node = z.looseObject({ id: z.string(), position: z.object({ x: z.number(), y: z.number() }).optional() });
const V1Doc = z.looseObject({ schemaVersion: z.literal(1), nodes: z.array(V1Node) });

function v1ToV2(input: Doc): Doc {
  const doc = V1Doc.parse(input);
  const layoutNodes: Record<string, { x: number; y: number }> = {};
  const nodes = doc.nodes.map((node) => {
    const { position, ...logic } = node;
    layoutNodes[node.id] = position ?? { x: 0, y: 0 };
    return logic;
  });
  return { ...doc, schemaVersion: 2, nodes, layout: { nodes: layoutNodes }, revision: 0 };
}

const STEPS: Record<number, (doc: Doc) => Doc> = { 1: v1ToV2 };

export function documentVersion(doc: unknown): number {
  const version = z.object({ schemaVersion: z.number().int().positive() }).safeParse(doc);
  return version.success ? version.data.schemaVersion : 1;
}

/** Brings a stored or imported workflow document up to the current schema version. */
export function migrateWorkflowDocument(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  let doc = structuredClone(input) as Doc;
  let version = documentVersion(doc);
  if (version > CURRENT_WORKFLOW_SCHEMA_VERSION) return doc;
  if (!('schemaVersion' in doc)) doc = { ...doc, schemaVersion: 1 };
  while (version < CURRENT_WORKFLOW_SCHEMA_VERSION) {
    const step = STEPS[version];
    if (!step) throw new Error(`No migration from workflow schema version ${version}`);
    doc = step(doc);
    version += 1;
  }
  return doc;
}

export type MigrationOutcome = { ok: true; document: unknown } | { ok: false; reason: string };

/**
 * The same migration for stored rows: a document no step can read (a v1 workflow without `nodes`)
 * is reported with the first bad path instead of thrown, so one damaged row never stops the others
 * from loading or a database upgrade from finishing.
 */
export function tryMigrateWorkflowDocument(input: unknown): MigrationOutcome {
  try {
    return { ok: true, document: migrateWorkflowDocument(input) };
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      return { ok: false, reason: issue ? `${formatPath(issue.path)}: ${issue.message}` : 'unreadable document' };
    }
    return { ok: false, reason: error instanceof Error ? error.message : 'unreadable document' };
  }
}
