import { z } from 'zod';
import { LocalId, WorkflowId } from './ids.ts';
import { LinkName } from './linkName.ts';

export const CURRENT_WORKFLOW_SCHEMA_VERSION = 2;

export const TriggerModule = z.enum(['Contacts', 'Accounts', 'Pipelines', 'Tasks', 'Products']);
export type TriggerModule = z.infer<typeof TriggerModule>;
export const TriggerEvent = z.enum(['create', 'edit']);
export type TriggerEvent = z.infer<typeof TriggerEvent>;

export const TriggerConfig = z.object({
  module: TriggerModule,
  events: z.array(TriggerEvent).min(1, 'Pick at least one event'),
  changedFields: z.array(z.string()).default([]),
});
export type TriggerConfig = z.infer<typeof TriggerConfig>;

export const CONDITION_OPERATORS = [
  'is',
  'isnt',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
  'gt',
  'lt',
  'between',
  'in',
] as const;
export const ConditionOperator = z.enum(CONDITION_OPERATORS);
export type ConditionOperator = z.infer<typeof ConditionOperator>;

export const ConditionRule = z.object({
  field: z.string(),
  op: ConditionOperator,
  value: z.string().default(''),
  /** Upper bound for `between`. */
  value2: z.string().default(''),
  /** Choices for `in`. */
  values: z.array(z.string()).default([]),
});
export type ConditionRule = z.infer<typeof ConditionRule>;

export const MatchMode = z.enum(['all', 'any']);

/** Rules nest one level: a group holds plain rules only. */
export const ConditionGroup = z.object({ match: MatchMode, rules: z.array(ConditionRule) });
export type ConditionGroup = z.infer<typeof ConditionGroup>;

export const ConditionItem = z.union([ConditionGroup, ConditionRule]);
export type ConditionItem = z.infer<typeof ConditionItem>;

export function isConditionGroup(item: ConditionItem): item is ConditionGroup {
  return 'match' in item;
}

export const ConditionConfig = z.object({ match: MatchMode, rules: z.array(ConditionItem) });
export type ConditionConfig = z.infer<typeof ConditionConfig>;

export const BUILTIN_FUNCTIONS = ['sync_contact_to_books'] as const;
export const BuiltinId = z.enum(BUILTIN_FUNCTIONS);

export const FunctionArgument = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Use letters, digits and "_"'),
  type: z.enum(['map', 'text', 'number', 'boolean']),
  /** Trigger record field, or `record` for the whole record. */
  from: z.string(),
});
export type FunctionArgument = z.infer<typeof FunctionArgument>;

export const FunctionConfig = z.object({
  name: z.string().min(1),
  kind: z.enum(['builtin', 'deluge']),
  builtin: z.object({ id: BuiltinId, params: z.record(z.string(), z.string()).default({}) }).optional(),
  script: z.string().optional(),
  /** Role (e.g. `bigin`, `books`) → connection link name. Never a secret. */
  connections: z.record(z.string(), LinkName.or(z.literal(''))).default({}),
  arguments: z.array(FunctionArgument).default([]),
});
export type FunctionConfig = z.infer<typeof FunctionConfig>;

export const TriggerNode = z.object({ id: LocalId, type: z.literal('trigger'), config: TriggerConfig });
export const ConditionNode = z.object({ id: LocalId, type: z.literal('condition'), config: ConditionConfig });
export const FunctionNode = z.object({ id: LocalId, type: z.literal('function'), config: FunctionConfig });
export const WorkflowNode = z.discriminatedUnion('type', [TriggerNode, ConditionNode, FunctionNode]);
export type TriggerNode = z.infer<typeof TriggerNode>;
export type ConditionNode = z.infer<typeof ConditionNode>;
export type FunctionNode = z.infer<typeof FunctionNode>;
export type WorkflowNode = z.infer<typeof WorkflowNode>;
export type NodeType = WorkflowNode['type'];

export const Branch = z.enum(['true', 'false']);
export type Branch = z.infer<typeof Branch>;

export const WorkflowEdge = z.object({
  id: LocalId,
  source: LocalId,
  target: LocalId,
  /** Present exactly on edges leaving a condition. */
  branch: Branch.optional(),
});
export type WorkflowEdge = z.infer<typeof WorkflowEdge>;

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });
export const Layout = z.object({
  nodes: z.record(z.string(), Position).default({}),
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number().positive() }).optional(),
});
export type Layout = z.infer<typeof Layout>;

/** The logic of a workflow, apart from where its nodes are drawn. */
export const WorkflowGraph = z.object({
  nodes: z.array(WorkflowNode),
  edges: z.array(WorkflowEdge),
});
export type WorkflowGraph = z.infer<typeof WorkflowGraph>;

export const Workflow = WorkflowGraph.extend({
  id: WorkflowId,
  name: z.string().min(1).max(200),
  schemaVersion: z.literal(CURRENT_WORKFLOW_SCHEMA_VERSION),
  layout: Layout,
  /** Increases on every save; two tabs detect each other's writes with it. */
  revision: z.number().int().nonnegative(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Workflow = z.infer<typeof Workflow>;
