/**
 * What a keyboard user may connect a step to, and how a connection is read out. Handles sit outside
 * the Tab order, so the step's panel offers these choices instead of a drag.
 */
import type { Branch, WorkflowEdge, WorkflowNode } from '../../../domain/index.ts';
import type { EditorDoc } from './document.ts';

export type StepName = (node: WorkflowNode) => string;

/** The outputs a step can leave from: a condition's true and false, one plain output elsewhere. */
export function outputsOf(node: WorkflowNode): (Branch | undefined)[] {
  return node.type === 'condition' ? ['true', 'false'] : [undefined];
}

/** Every step that leads to `id`, itself included: connecting to any of them would close a loop. */
function upstreamOf(doc: Pick<EditorDoc, 'edges'>, id: string): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const edge of doc.edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  const seen = new Set([id]);
  const queue = [id];
  while (queue.length > 0) {
    for (const source of incoming.get(queue.pop()!) ?? []) {
      if (!seen.has(source)) {
        seen.add(source);
        queue.push(source);
      }
    }
  }
  return seen;
}

/**
 * Steps `connect` accepts from `sourceId` on `branch` without repeating an edge or closing a loop:
 * never the trigger, never the step itself or one that leads to it.
 */
export function connectTargets(doc: Pick<EditorDoc, 'nodes' | 'edges'>, sourceId: string, branch: Branch | undefined): WorkflowNode[] {
  const upstream = upstreamOf(doc, sourceId);
  const taken = new Set(doc.edges.filter((e) => e.source === sourceId && e.branch === branch).map((e) => e.target));
  return doc.nodes.filter((node) => node.type !== 'trigger' && !upstream.has(node.id) && !taken.has(node.id));
}

/** Looks step names up by id; an id with no step reads as itself. Linear once, then constant. */
export function namesById(nodes: readonly WorkflowNode[], stepName: StepName): (id: string) => string {
  const names = new Map(nodes.map((node) => [node.id, stepName(node)]));
  return (id) => names.get(id) ?? id;
}

/** "Condition → Sync contact to Zoho Books (true)": step names, never internal ids. */
export function edgeName(edge: Pick<WorkflowEdge, 'source' | 'target' | 'branch'>, nameOf: (id: string) => string): string {
  return `${nameOf(edge.source)} → ${nameOf(edge.target)}${edge.branch ? ` (${edge.branch})` : ''}`;
}
