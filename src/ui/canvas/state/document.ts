/**
 * The editable part of a workflow and the pure edits the canvas makes to it. Every edit returns a new
 * document and keeps unchanged nodes, edges and positions by reference, so history snapshots share
 * memory and the canvas can skip nodes that did not change.
 */
import { z } from 'zod';
import {
  Layout,
  WorkflowEdge,
  WorkflowNode,
  syncContactFunctionConfig,
  type Branch,
  type NodeType,
  type WorkflowNode as WorkflowNodeT,
} from '../../../domain/index.ts';

export const EditorDoc = z.object({ nodes: z.array(WorkflowNode), edges: z.array(WorkflowEdge), layout: Layout });
export type EditorDoc = z.infer<typeof EditorDoc>;

export interface Point {
  x: number;
  y: number;
}

export function newNode(type: NodeType, id: string): WorkflowNodeT {
  switch (type) {
    case 'trigger':
      return { id, type, config: { module: 'Contacts', events: ['create'], changedFields: [] } };
    case 'condition':
      return { id, type, config: { match: 'all', rules: [{ field: '', op: 'is', value: '', value2: '', values: [] }] } };
    case 'function':
      return { id, type, config: syncContactFunctionConfig() };
  }
}

export function addNode(doc: EditorDoc, node: WorkflowNodeT, position: Point): EditorDoc {
  return {
    ...doc,
    nodes: [...doc.nodes, node],
    layout: { ...doc.layout, nodes: { ...doc.layout.nodes, [node.id]: { x: position.x, y: position.y } } },
  };
}

/** Removes the nodes, the edges and every edge touching a removed node. */
export function removeElements(doc: EditorDoc, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string> = new Set()): EditorDoc {
  if (nodeIds.size === 0 && edgeIds.size === 0) return doc;
  const nodes = doc.nodes.filter((node) => !nodeIds.has(node.id));
  const edges = doc.edges.filter((edge) => !edgeIds.has(edge.id) && !nodeIds.has(edge.source) && !nodeIds.has(edge.target));
  if (nodes.length === doc.nodes.length && edges.length === doc.edges.length) return doc;
  const layoutNodes = { ...doc.layout.nodes };
  for (const id of nodeIds) delete layoutNodes[id];
  return { ...doc, nodes, edges, layout: { ...doc.layout, nodes: layoutNodes } };
}

export interface ConnectRequest {
  source: string;
  target: string;
  /** The source handle: `true` / `false` on a condition, absent elsewhere. */
  sourceHandle?: string | null | undefined;
}

export type ConnectRefusal = 'self' | 'unknown-node' | 'into-trigger' | 'no-branch' | 'duplicate';

/**
 * Adds the edge a handle drag asks for, or says why not. Cycles and reachability are left to the
 * validator, which names them; these refusals are edges the data model cannot express at all.
 */
export function connect(doc: EditorDoc, request: ConnectRequest, id: string): EditorDoc | ConnectRefusal {
  if (request.source === request.target) return 'self';
  const source = doc.nodes.find((node) => node.id === request.source);
  const target = doc.nodes.find((node) => node.id === request.target);
  if (!source || !target) return 'unknown-node';
  if (target.type === 'trigger') return 'into-trigger';
  let branch: Branch | undefined;
  if (source.type === 'condition') {
    if (request.sourceHandle !== 'true' && request.sourceHandle !== 'false') return 'no-branch';
    branch = request.sourceHandle;
  }
  const duplicate = doc.edges.some((edge) => edge.source === source.id && edge.target === target.id && edge.branch === branch);
  if (duplicate) return 'duplicate';
  const edge: WorkflowEdge = branch ? { id, source: source.id, target: target.id, branch } : { id, source: source.id, target: target.id };
  return { ...doc, edges: [...doc.edges, edge] };
}

export function moveNodes(doc: EditorDoc, positions: Readonly<Record<string, Point>>): EditorDoc {
  let changed = false;
  const layoutNodes = { ...doc.layout.nodes };
  for (const [id, point] of Object.entries(positions)) {
    const before = layoutNodes[id];
    if (before && before.x === point.x && before.y === point.y) continue;
    layoutNodes[id] = { x: point.x, y: point.y };
    changed = true;
  }
  return changed ? { ...doc, layout: { ...doc.layout, nodes: layoutNodes } } : doc;
}

export function nudgeNodes(doc: EditorDoc, ids: Iterable<string>, dx: number, dy: number): EditorDoc {
  const positions: Record<string, Point> = {};
  for (const id of ids) {
    const at = doc.layout.nodes[id];
    if (at) positions[id] = { x: at.x + dx, y: at.y + dy };
  }
  return moveNodes(doc, positions);
}

/** Replaces one node (same id); the type may not change. */
export function replaceNode(doc: EditorDoc, next: WorkflowNodeT): EditorDoc {
  const index = doc.nodes.findIndex((node) => node.id === next.id);
  const current = doc.nodes[index];
  if (!current || current.type !== next.type) return doc;
  const nodes = doc.nodes.slice();
  nodes[index] = next;
  return { ...doc, nodes };
}

/** A free id for a node or edge: short, readable, unique within this document. */
export function freeId(prefix: 'n' | 'e', taken: ReadonlySet<string>, random: () => string = () => crypto.randomUUID().slice(0, 8)): string {
  for (;;) {
    const id = `${prefix}_${random()}`;
    if (!taken.has(id)) return id;
  }
}

export function idsOf(doc: EditorDoc): Set<string> {
  const ids = new Set<string>();
  for (const node of doc.nodes) ids.add(node.id);
  for (const edge of doc.edges) ids.add(edge.id);
  return ids;
}
