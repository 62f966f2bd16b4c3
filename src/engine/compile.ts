/** Turns a valid workflow into a plan: nodes in run order with their conditions pre-compiled. */
import {
  AppError,
  type Branch,
  type ConditionConfig,
  type ConditionNode,
  type FunctionNode,
  type TriggerNode,
  type Workflow,
} from '../domain/index.ts';
import { compileCondition, conditionFields, fieldLabel, fieldTypesFor, type RuleTest } from './conditions.ts';
import { indexGraph, topologicalOrder } from './graph.ts';
import { nodeLabel, validateWorkflow, type Problem, type ValidationContext } from './validate.ts';

interface StepBase {
  id: string;
  label: string;
  incoming: { source: string; branch?: Branch }[];
}
export interface ConditionStep extends StepBase {
  node: ConditionNode;
  test: RuleTest;
  fields: string[];
  /** e.g. `Email is not empty`, or the step's label when the caller gives no words. */
  summary: string;
}
export interface FunctionStep extends StepBase {
  node: FunctionNode;
}
export type PlanStep = ConditionStep | FunctionStep;

export interface Plan {
  workflowId: string;
  workflowName: string;
  revision: number;
  trigger: TriggerNode;
  /** Every node after the trigger, in graph order. */
  steps: PlanStep[];
}

export class WorkflowInvalidError extends AppError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    const first = problems[0]?.message ?? '';
    super(
      'WORKFLOW_INVALID',
      `The workflow has ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before it can run: ${first}${problems.length > 1 ? ' …' : ''}`,
      { count: problems.length },
    );
    this.problems = problems;
  }
}

/** How the caller words a condition for run logs; the engine keeps no sentences of its own. */
export interface PlanWords {
  condition(config: ConditionConfig, fieldLabel: (field: string) => string): string;
}

export type CompilableWorkflow = Pick<Workflow, 'id' | 'name' | 'revision' | 'nodes' | 'edges'>;

export function compileWorkflow(workflow: CompilableWorkflow, ctx: ValidationContext, words?: PlanWords): Plan {
  const problems = validateWorkflow(workflow, ctx);
  if (problems.length > 0) throw new WorkflowInvalidError(problems);
  const index = indexGraph(workflow);
  const trigger = workflow.nodes.find((n): n is TriggerNode => n.type === 'trigger')!;
  const types = fieldTypesFor(trigger.config.module);
  const label = (field: string) => fieldLabel(trigger.config.module, field);
  const steps: PlanStep[] = [];
  for (const id of topologicalOrder(index, trigger.id)) {
    const node = index.nodes.get(id)!;
    const incoming = (index.incoming.get(id) ?? []).map((e) => (e.branch ? { source: e.source, branch: e.branch } : { source: e.source }));
    if (node.type === 'condition')
      steps.push({
        id,
        node,
        label: nodeLabel(node),
        incoming,
        test: compileCondition(node.config, types),
        fields: conditionFields(node.config),
        summary: words ? words.condition(node.config, label) : nodeLabel(node),
      });
    else if (node.type === 'function') steps.push({ id, node, label: nodeLabel(node), incoming });
  }
  return { workflowId: workflow.id, workflowName: workflow.name, revision: workflow.revision, trigger, steps };
}
