/**
 * The document as Svelte Flow draws it. Flow nodes are rebuilt from the document on every edit, but a
 * node whose inputs did not change keeps its previous object, so Svelte Flow re-measures nothing and
 * thousands of unchanged nodes cost one comparison each.
 */
import type { Edge, Node } from '@xyflow/svelte';
import type { NodeResult, WorkflowNode } from '../../../domain/index.ts';
import type { EditorDoc } from './document.ts';

export interface StepData extends Record<string, unknown> {
  node: WorkflowNode;
  summary: string;
  problems: readonly string[];
  result: NodeResult | undefined;
}

export type StepFlowNode = Node<StepData, 'step'>;

export interface NodeInputs {
  summary(node: WorkflowNode): string;
  problems(nodeId: string): readonly string[];
  result(nodeId: string): NodeResult | undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

export function toFlowNodes(doc: EditorDoc, previous: readonly StepFlowNode[], inputs: NodeInputs): StepFlowNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return doc.nodes.map((node) => {
    const position = doc.layout.nodes[node.id] ?? { x: 0, y: 0 };
    const old = before.get(node.id);
    const problems = inputs.problems(node.id);
    const result = inputs.result(node.id);
    if (
      old &&
      old.data.node === node &&
      old.position.x === position.x &&
      old.position.y === position.y &&
      old.data.result === result &&
      sameList(old.data.problems, problems)
    )
      return old;
    const data: StepData = {
      node,
      summary: old?.data.node === node ? old.data.summary : inputs.summary(node),
      problems,
      result,
    };
    const next: StepFlowNode = { id: node.id, type: 'step', position: { x: position.x, y: position.y }, data };
    if (old?.selected) next.selected = true;
    if (old?.measured) next.measured = old.measured;
    return next;
  });
}

export function toFlowEdges(doc: EditorDoc, previous: readonly Edge[], problemEdges: ReadonlySet<string>): Edge[] {
  const before = new Map(previous.map((edge) => [edge.id, edge]));
  return doc.edges.map((edge) => {
    const old = before.get(edge.id);
    const invalid = problemEdges.has(edge.id);
    const cls = invalid ? 'has-problem' : undefined;
    if (old && old.source === edge.source && old.target === edge.target && old.class === cls) return old;
    const next: Edge = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      ...(edge.branch ? { sourceHandle: edge.branch, label: edge.branch } : {}),
      ...(cls ? { class: cls } : {}),
      ariaLabel: `Connection ${edge.source} to ${edge.target}${edge.branch ? ` (${edge.branch})` : ''}`,
    };
    if (old?.selected) next.selected = true;
    return next;
  });
}

/** Positions Svelte Flow reports after a drag, for the nodes whose position really moved. */
export function movedPositions(doc: EditorDoc, flowNodes: readonly Node[]): Record<string, { x: number; y: number }> {
  const moved: Record<string, { x: number; y: number }> = {};
  for (const node of flowNodes) {
    const at = doc.layout.nodes[node.id];
    if (!at || at.x !== node.position.x || at.y !== node.position.y) moved[node.id] = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  }
  return moved;
}
