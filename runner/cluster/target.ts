/** A live workflow as the runner sees it: its graph, its problems against the runner's connections, its links. */
import { getDefaultService } from '../../src/catalog/index.ts';
import type { Workflow } from '../../src/domain/index.ts';
import type { LiveTarget } from '../../src/engine/live/watcher.ts';
import { nodeLabel, validateWorkflow, type ValidationContext } from '../../src/engine/validate.ts';
import { connectionForRole, connectionsUsed } from '../../src/app/runs/connectionsUsed.ts';
import type { RunnerConnectionStore } from '../store/types.ts';

export async function runnerValidationContext(connections: RunnerConnectionStore): Promise<ValidationContext> {
  const entries = await connections.list();
  return {
    connections: entries.map(({ connection }) => ({
      linkName: connection.linkName,
      serviceLinkName: getDefaultService(connection.serviceId)?.linkName ?? '',
      status: connection.status,
    })),
  };
}

export function targetOf(workflow: Workflow, context: ValidationContext): LiveTarget {
  const problems = validateWorkflow(workflow, context).map((problem) => {
    const node = problem.nodeId ? workflow.nodes.find((n) => n.id === problem.nodeId) : undefined;
    return node ? `${nodeLabel(node)}: ${problem.message}` : problem.message;
  });
  return { workflow, problems, pollLinkName: connectionForRole(workflow, 'bigin'), linkNames: connectionsUsed(workflow) };
}
