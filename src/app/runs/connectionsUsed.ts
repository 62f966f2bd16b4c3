import type { WorkflowGraph } from '../../domain/index.ts';

/** Deluge names a connection in a task's `connection:` parameter (https://www.zoho.com/deluge/help/deluge-invoke-url.html). */
const SCRIPT_CONNECTION = /\bconnection\s*:\s*"([a-z][a-z0-9_]*)"/g;

/** Link names a workflow's functions may send through: picked per role, or named in a script. */
export function connectionsUsed(workflow: Pick<WorkflowGraph, 'nodes'>): string[] {
  const names = new Set<string>();
  for (const node of workflow.nodes) {
    if (node.type !== 'function') continue;
    for (const linkName of Object.values(node.config.connections)) if (linkName) names.add(linkName);
    for (const match of (node.config.script ?? '').matchAll(SCRIPT_CONNECTION)) names.add(match[1]!);
  }
  return [...names].sort();
}

/** The link name picked for `role` on the first function that has one, e.g. the Bigin connection. */
export function connectionForRole(workflow: Pick<WorkflowGraph, 'nodes'>, role: string): string | null {
  for (const node of workflow.nodes) {
    if (node.type !== 'function') continue;
    const linkName = node.config.connections[role];
    if (linkName) return linkName;
  }
  return null;
}
