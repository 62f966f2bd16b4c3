/**
 * The document as Svelte Flow draws it. Flow nodes are rebuilt from the document on every edit, but a
 * node whose inputs did not change keeps its previous object, so thousands of unchanged nodes cost one
 * comparison each.
 */
import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/svelte';
import type { NodeResult, WorkflowNode } from '../../../domain/index.ts';
import { edgeName, namesById, type StepName } from './connectTargets.ts';
import type { EditorDoc } from './document.ts';

export interface StepData extends Record<string, unknown> {
  node: WorkflowNode;
  summary: string;
  problems: readonly string[];
  result: NodeResult | undefined;
}

export type StepFlowNode = Node<StepData, 'step'>;

/**
 * Steps have a fixed size, and their handles sit at known places. Telling Svelte Flow so lets it draw
 * edges of steps it has never rendered; otherwise it renders every step once just to measure it,
 * which dominates opening a workflow of thousands of steps.
 */
export const STEP_WIDTH = 220;
export const STEP_HEIGHT: Record<WorkflowNode['type'], number> = { trigger: 72, condition: 96, function: 96 };
const HANDLE = 12;

function handle(type: 'source' | 'target', id: string | null, cx: number, cy: number): NodeHandle {
  return {
    id,
    type,
    position: type === 'target' ? Position.Top : Position.Bottom,
    x: cx - HANDLE / 2,
    y: cy - HANDLE / 2,
    width: HANDLE,
    height: HANDLE,
  };
}

const HANDLES: Record<WorkflowNode['type'], NodeHandle[]> = {
  trigger: [handle('source', null, STEP_WIDTH / 2, STEP_HEIGHT.trigger)],
  condition: [
    handle('target', null, STEP_WIDTH / 2, 0),
    handle('source', 'true', STEP_WIDTH * 0.3, STEP_HEIGHT.condition),
    handle('source', 'false', STEP_WIDTH * 0.7, STEP_HEIGHT.condition),
  ],
  function: [handle('target', null, STEP_WIDTH / 2, 0), handle('source', null, STEP_WIDTH / 2, STEP_HEIGHT.function)],
};

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
    const next: StepFlowNode = {
      id: node.id,
      type: 'step',
      position: { x: position.x, y: position.y },
      width: STEP_WIDTH,
      height: STEP_HEIGHT[node.type],
      // Already what the DOM will measure, so a step scrolling into view changes no node (and no minimap).
      measured: { width: STEP_WIDTH, height: STEP_HEIGHT[node.type] },
      handles: HANDLES[node.type],
      data,
    };
    if (old?.selected) next.selected = true;
    return next;
  });
}

export function toFlowEdges(doc: EditorDoc, previous: readonly Edge[], problemEdges: ReadonlySet<string>, stepName: StepName): Edge[] {
  const before = new Map(previous.map((edge) => [edge.id, edge]));
  const nameOf = namesById(doc.nodes, stepName);
  return doc.edges.map((edge) => {
    const old = before.get(edge.id);
    const invalid = problemEdges.has(edge.id);
    const cls = invalid ? 'has-problem' : undefined;
    const ariaLabel = edgeName(edge, nameOf);
    if (old && old.source === edge.source && old.target === edge.target && old.class === cls && old.ariaLabel === ariaLabel) return old;
    const next: Edge = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      ...(edge.branch ? { sourceHandle: edge.branch, label: edge.branch } : {}),
      ...(cls ? { class: cls } : {}),
      ariaLabel,
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
    if (!at || at.x !== node.position.x || at.y !== node.position.y)
      moved[node.id] = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  }
  return moved;
}
