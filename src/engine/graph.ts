/** Adjacency for a workflow graph, shared by validation and compilation. Linear in nodes + edges. */
import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from '../domain/index.ts';

export interface GraphIndex {
  nodes: ReadonlyMap<string, WorkflowNode>;
  /** Only edges whose two ends exist. */
  outgoing: ReadonlyMap<string, WorkflowEdge[]>;
  incoming: ReadonlyMap<string, WorkflowEdge[]>;
}

export function indexGraph(graph: WorkflowGraph): GraphIndex {
  const nodes = new Map<string, WorkflowNode>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  const incoming = new Map<string, WorkflowEdge[]>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) continue;
    nodes.set(node.id, node);
    outgoing.set(node.id, []);
    incoming.set(node.id, []);
  }
  for (const edge of graph.edges) {
    const out = outgoing.get(edge.source);
    const into = incoming.get(edge.target);
    if (!out || !into) continue;
    out.push(edge);
    into.push(edge);
  }
  return { nodes, outgoing, incoming };
}

/** Node ids reachable from `start`, in breadth-first order (start included). */
export function reachableFrom(index: GraphIndex, start: string): string[] {
  const seen = new Set<string>([start]);
  const order = [start];
  for (let i = 0; i < order.length; i++) {
    for (const edge of index.outgoing.get(order[i]!) ?? []) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        order.push(edge.target);
      }
    }
  }
  return order;
}

/**
 * Edges that close a loop (target already on the depth-first path). Iterative, so a 5,000-node chain
 * cannot overflow the stack.
 */
export function loopEdges(index: GraphIndex): WorkflowEdge[] {
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Map<string, number>();
  const loops: WorkflowEdge[] = [];
  for (const root of index.nodes.keys()) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, ON_PATH);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = index.outgoing.get(frame.id) ?? [];
      if (frame.next >= edges.length) {
        state.set(frame.id, DONE);
        stack.pop();
        continue;
      }
      const edge = edges[frame.next++]!;
      const seen = state.get(edge.target);
      if (seen === ON_PATH) loops.push(edge);
      else if (seen === undefined) {
        state.set(edge.target, ON_PATH);
        stack.push({ id: edge.target, next: 0 });
      }
    }
  }
  return loops;
}

/**
 * Kahn's order of the nodes reachable from `start`, ties in discovery order, so runs follow the
 * graph the same way every time. Assumes no loops (validation refuses them).
 */
export function topologicalOrder(index: GraphIndex, start: string): string[] {
  const reachable = reachableFrom(index, start);
  const inside = new Set(reachable);
  const pending = new Map<string, number>();
  for (const id of reachable) {
    pending.set(id, (index.incoming.get(id) ?? []).filter((e) => inside.has(e.source)).length);
  }
  const order: string[] = [];
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const edge of index.outgoing.get(id) ?? []) {
      const left = (pending.get(edge.target) ?? 0) - 1;
      pending.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  return order;
}
