/**
 * The graph checks an imported workflow must pass before anything is stored: the same validator the
 * editor runs, limited to problems no edit inside the app can produce. A draft's unfinished settings
 * (a missing connection, an empty rule, a step not yet wired) still import, as they were exported.
 */
import type { WorkflowGraph } from '../domain/index.ts';
import { validateWorkflow, type Problem, type ProblemCode } from './validate.ts';

export interface ImportProblem {
  /** Where in the file, e.g. `edges[2].target`. */
  path: string;
  message: string;
}

type FieldOf = (problem: Problem, graph: WorkflowGraph) => string | undefined;

/** The index of the second item that matches: the copy the validator complains about. */
function secondMatch<T>(items: readonly T[], matches: (item: T) => boolean): number {
  const first = items.findIndex(matches);
  return first < 0 ? -1 : items.findIndex((item, i) => i > first && matches(item));
}

const at = (list: 'nodes' | 'edges', index: number, field = ''): string | undefined => (index < 0 ? undefined : `${list}[${index}]${field}`);

const edgeField =
  (field: (graph: WorkflowGraph, index: number) => string): FieldOf =>
  (problem, graph) => {
    const index = graph.edges.findIndex((edge) => edge.id === problem.edgeId);
    return at('edges', index, index < 0 ? '' : field(graph, index));
  };

/** Which end of an edge points nowhere: the source when it is missing, else the target. */
function danglingEnd(graph: WorkflowGraph, index: number): string {
  const edge = graph.edges[index]!;
  return graph.nodes.some((node) => node.id === edge.source) ? '.target' : '.source';
}

const REFUSED: Partial<Record<ProblemCode, FieldOf>> = {
  DUPLICATE_NODE_ID: (problem, graph) =>
    at(
      'nodes',
      secondMatch(graph.nodes, (node) => node.id === problem.nodeId),
      '.id',
    ),
  MULTIPLE_TRIGGERS: (problem, graph) =>
    at(
      'nodes',
      graph.nodes.findLastIndex((node) => node.id === problem.nodeId),
    ),
  DUPLICATE_EDGE_ID: (problem, graph) =>
    at(
      'edges',
      secondMatch(graph.edges, (edge) => edge.id === problem.edgeId),
      '.id',
    ),
  EDGE_DANGLING: edgeField(danglingEnd),
  EDGE_INTO_TRIGGER: edgeField(() => '.target'),
  EDGE_BRANCH_MISSING: edgeField(() => '.branch'),
  EDGE_BRANCH_UNEXPECTED: edgeField(() => '.branch'),
  DUPLICATE_EDGE: edgeField(() => ''),
  CYCLE: edgeField(() => ''),
};

/** The first problem that makes the graph unusable, with its path in the file; undefined when none. */
export function firstImportProblem(graph: WorkflowGraph): ImportProblem | undefined {
  for (const problem of validateWorkflow(graph, { connections: [] })) {
    const path = REFUSED[problem.code]?.(problem, graph);
    if (path !== undefined) return { path, message: problem.message };
  }
  return undefined;
}
