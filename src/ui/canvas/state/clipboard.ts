/**
 * Copy and paste of a selection. Pasted nodes and edges get fresh ids, edges are remapped to the
 * pasted copies, and only edges with both ends inside the selection travel along.
 */
import type { WorkflowEdge, WorkflowNode } from '../../../domain/index.ts';
import { freeId, idsOf, type EditorDoc, type Point } from './document.ts';

export interface Clipboard {
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
  positions: Record<string, Point>;
}

export const PASTE_OFFSET = 40;

export function copySelection(doc: EditorDoc, nodeIds: ReadonlySet<string>): Clipboard | null {
  const nodes = doc.nodes.filter((node) => nodeIds.has(node.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((edge) => nodeIds.has(edge.source) && nodeIds.has(edge.target));
  const positions: Record<string, Point> = {};
  for (const node of nodes) positions[node.id] = doc.layout.nodes[node.id] ?? { x: 0, y: 0 };
  return structuredClone({ nodes, edges, positions });
}

export interface PasteResult {
  doc: EditorDoc;
  /** Ids of the pasted nodes, so the editor can select them. */
  nodeIds: string[];
}

export function pasteClipboard(
  doc: EditorDoc,
  clipboard: Clipboard,
  offset: Point = { x: PASTE_OFFSET, y: PASTE_OFFSET },
  random?: () => string,
): PasteResult {
  const taken = idsOf(doc);
  const remap = new Map<string, string>();
  const take = (prefix: 'n' | 'e') => {
    const id = freeId(prefix, taken, random);
    taken.add(id);
    return id;
  };
  const nodes = clipboard.nodes.map((node) => {
    const id = take('n');
    remap.set(node.id, id);
    return { ...structuredClone(node), id };
  });
  const edges = clipboard.edges.flatMap((edge) => {
    const source = remap.get(edge.source);
    const target = remap.get(edge.target);
    return source && target ? [{ ...edge, id: take('e'), source, target }] : [];
  });
  const layoutNodes = { ...doc.layout.nodes };
  for (const [from, to] of remap) {
    const at = clipboard.positions[from] ?? { x: 0, y: 0 };
    layoutNodes[to] = { x: at.x + offset.x, y: at.y + offset.y };
  }
  return {
    doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges], layout: { ...doc.layout, nodes: layoutNodes } },
    nodeIds: nodes.map((node) => node.id),
  };
}
