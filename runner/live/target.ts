import type { Workflow } from '../../src/domain/index.ts';
import { connectionForRole, connectionsUsed } from '../../src/app/runs/connectionsUsed.ts';
import type { LiveTarget } from '../../src/engine/live/watcher.ts';
import { nodeLabel, validateWorkflow, type ValidationContext } from '../../src/engine/validate.ts';
import { getDefaultService } from '../../src/catalog/index.ts';
import type { RunnerConnectionStore } from '../store/types.ts';

/** The connections a validator checks a workflow against: the runner's own, with their service link names. */
export async function validationContextOf(connections: RunnerConnectionStore): Promise<ValidationContext> {
  const entries = await connections.list();
  return {
    connections: entries.map(({ connection }) => ({
      linkName: connection.linkName,
      serviceLinkName: getDefaultService(connection.serviceId)?.linkName ?? '',
      status: connection.status,
    })),
  };
}

/** The app's live target (src/app/live/target.ts) over the runner's connections. */
export async function targetOf(workflow: Workflow, connections: RunnerConnectionStore): Promise<LiveTarget> {
  const problems = validateWorkflow(workflow, await validationContextOf(connections)).map((problem) => {
    const node = problem.nodeId ? workflow.nodes.find((n) => n.id === problem.nodeId) : undefined;
    return node ? `${nodeLabel(node)}: ${problem.message}` : problem.message;
  });
  return { workflow, problems, pollLinkName: connectionForRole(workflow, 'bigin'), linkNames: connectionsUsed(workflow) };
}
