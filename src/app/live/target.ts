/** What a live watcher needs to know about its workflow now: the graph, its problems, its connections. */
import type { Workflow } from '../../domain/index.ts';
import type { LiveTarget } from '../../engine/live/watcher.ts';
import { nodeLabel, validateWorkflow } from '../../engine/validate.ts';
import { getWorkflow } from '../../storage/index.ts';
import { listConnectionChoices, validationContext } from '../facades/workflows.ts';
import { connectionForRole, connectionsUsed } from '../runs/connectionsUsed.ts';

export async function targetOf(workflow: Workflow): Promise<LiveTarget> {
  const problems = validateWorkflow(workflow, validationContext(await listConnectionChoices())).map((problem) => {
    const node = problem.nodeId ? workflow.nodes.find((n) => n.id === problem.nodeId) : undefined;
    return node ? `${nodeLabel(node)}: ${problem.message}` : problem.message;
  });
  return { workflow, problems, pollLinkName: connectionForRole(workflow, 'bigin'), linkNames: connectionsUsed(workflow) };
}

export async function liveTarget(workflowId: string): Promise<LiveTarget | undefined> {
  const workflow = await getWorkflow(workflowId);
  return workflow ? targetOf(workflow) : undefined;
}
