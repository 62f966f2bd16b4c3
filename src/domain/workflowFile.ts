import { z } from 'zod';
import { AppError } from './errors.ts';
import { LinkName } from './linkName.ts';
import { Layout, WorkflowEdge, WorkflowNode, type Workflow } from './workflow.ts';

/** The exported workflow file (DESIGN.md "Workflow file format"). */
export const WORKFLOW_FILE_FORMAT = 'workflow/1';

export const ConnectionRef = z.object({ linkName: LinkName, service: z.string().min(1) });
export type ConnectionRef = z.infer<typeof ConnectionRef>;

export const WorkflowFile = z.object({
  format: z.literal(WORKFLOW_FILE_FORMAT),
  name: z.string().min(1).max(200),
  nodes: z.array(WorkflowNode),
  edges: z.array(WorkflowEdge),
  connections: z.array(ConnectionRef),
  layout: Layout,
});
export type WorkflowFile = z.infer<typeof WorkflowFile>;

const SECRET_KEY = /token|secret|password|passwd|authorization|api[_-]?key|client_secret|code_verifier|cookie/i;

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every link name the workflow's functions use, with the service link name it belongs to. */
export function connectionRefs(workflow: Pick<Workflow, 'nodes'>, serviceOf: (linkName: string) => string | undefined): ConnectionRef[] {
  const refs = new Map<string, ConnectionRef>();
  for (const node of workflow.nodes) {
    if (node.type !== 'function') continue;
    for (const [role, linkName] of Object.entries(node.config.connections)) {
      if (!linkName || refs.has(linkName)) continue;
      refs.set(linkName, { linkName, service: serviceOf(linkName) ?? role });
    }
  }
  return [...refs.values()].sort((a, b) => a.linkName.localeCompare(b.linkName));
}

/** The file form of one workflow: keys in schema order, records sorted, connections by link name. */
export function toWorkflowFile(
  workflow: Pick<Workflow, 'name' | 'nodes' | 'edges' | 'layout'>,
  serviceOf: (linkName: string) => string | undefined,
): WorkflowFile {
  return WorkflowFile.parse({
    format: WORKFLOW_FILE_FORMAT,
    name: workflow.name,
    nodes: workflow.nodes,
    edges: workflow.edges,
    connections: connectionRefs(workflow, serviceOf),
    layout: { ...workflow.layout, nodes: sortedRecord(workflow.layout.nodes) },
  });
}

/** Canonical JSON: two-space indent, trailing newline. */
export function serializeWorkflowFile(
  workflow: Pick<Workflow, 'name' | 'nodes' | 'edges' | 'layout'>,
  serviceOf: (linkName: string) => string | undefined,
): string {
  return JSON.stringify(toWorkflowFile(workflow, serviceOf), null, 2) + '\n';
}

export interface ParsedWorkflowFile {
  file: WorkflowFile;
  /** What was dropped on the way in: unknown keys and anything that looked like a secret. */
  warnings: string[];
}

/** `nodes[2].config.rules[0].op` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function collectUnknownKeys(raw: unknown, parsed: unknown, path: PropertyKey[], out: PropertyKey[][]): void {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    raw.forEach((item, i) => collectUnknownKeys(item, parsed[i], [...path, i], out));
    return;
  }
  if (raw && typeof raw === 'object' && parsed && typeof parsed === 'object') {
    for (const [key, value] of Object.entries(raw)) {
      if (!(key in parsed)) out.push([...path, key]);
      else collectUnknownKeys(value, (parsed as Record<string, unknown>)[key], [...path, key], out);
    }
  }
}

/**
 * A union (a condition item is a rule or a group) reports only "invalid input" at the item. Follow the
 * branch that came closest (fewest issues) down to the field that is actually wrong.
 */
function leafIssue(issue: z.core.$ZodIssue | undefined): { path: PropertyKey[]; message: string } | undefined {
  if (issue?.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
  const inner = leafIssue(closest[0]);
  return inner ? { path: [...issue.path, ...inner.path], message: inner.message } : issue;
}

export interface ParsedFile<T> {
  data: T;
  /** What was dropped on the way in: unknown keys and anything that looked like a secret. */
  warnings: string[];
}

/** Validates an imported JSON file; throws IMPORT_INVALID naming the first bad path, and changes nothing. */
export function parseJsonFile<S extends z.ZodType>(schema: S, text: string): ParsedFile<z.infer<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppError('IMPORT_INVALID', `The file is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = leafIssue(result.error.issues[0]);
    const where = issue ? formatPath(issue.path) : '(root)';
    throw new AppError('IMPORT_INVALID', `${where}: ${issue?.message ?? 'invalid value'}`, { path: where });
  }
  const unknown: PropertyKey[][] = [];
  collectUnknownKeys(raw, result.data, [], unknown);
  const warnings = unknown.map((path) => {
    const last = String(path[path.length - 1]);
    return SECRET_KEY.test(last) ? `Removed ${formatPath(path)}: exported files never carry secrets` : `Ignored unknown field ${formatPath(path)}`;
  });
  return { data: result.data as z.infer<S>, warnings };
}

export function parseWorkflowFile(text: string): ParsedWorkflowFile {
  const { data, warnings } = parseJsonFile(WorkflowFile, text);
  return { file: data, warnings };
}
