/**
 * Pure graph and configuration checks. Runs on every edit of large graphs, so everything here is
 * linear in nodes + edges + rules.
 */
import {
  BUILTIN_ROLES,
  isConditionGroup,
  type ConditionNode,
  type FunctionNode,
  type TriggerNode,
  type WorkflowGraph,
  type WorkflowNode,
} from '../domain/index.ts';
import { fieldTypesFor, ruleProblem, type FieldTypes } from './conditions.ts';
import { BUILTIN_PARAMS } from './functions/catalog.ts';
import { indexGraph, loopEdges, reachableFrom } from './graph.ts';

export type ProblemCode =
  | 'NO_TRIGGER'
  | 'MULTIPLE_TRIGGERS'
  | 'DUPLICATE_NODE_ID'
  | 'DUPLICATE_EDGE_ID'
  | 'EDGE_DANGLING'
  | 'EDGE_INTO_TRIGGER'
  | 'EDGE_BRANCH_MISSING'
  | 'EDGE_BRANCH_UNEXPECTED'
  | 'DUPLICATE_EDGE'
  | 'UNREACHABLE'
  | 'CYCLE'
  | 'TRIGGER_NO_EVENTS'
  | 'CONDITION_EMPTY'
  | 'GROUP_EMPTY'
  | 'RULE_INCOMPLETE'
  | 'RULE_VALUE_INVALID'
  | 'RULE_UNSAFE'
  | 'BUILTIN_MISSING'
  | 'CONNECTION_MISSING'
  | 'CONNECTION_NOT_FOUND'
  | 'CONNECTION_WRONG_SERVICE'
  | 'PARAM_MISSING'
  | 'PARAM_INVALID'
  | 'SCRIPT_MISSING'
  | 'ARGUMENT_INCOMPLETE'
  | 'ARGUMENT_DUPLICATE';

export interface Problem {
  nodeId?: string;
  edgeId?: string;
  code: ProblemCode;
  message: string;
  /** Where in the node's config, e.g. `rules[0].value` or `connections.books`. */
  path?: string;
}

export interface ValidationContext {
  connections: readonly { linkName: string; serviceLinkName: string; status: string }[];
}

export function nodeLabel(node: WorkflowNode): string {
  switch (node.type) {
    case 'trigger':
      return 'Trigger';
    case 'condition':
      return 'Condition';
    case 'function':
      return node.config.name.trim() || 'Function';
  }
}

export function validateWorkflow(workflow: WorkflowGraph, ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const index = indexGraph(workflow);

  const seenNodeIds = new Set<string>();
  const triggers: TriggerNode[] = [];
  for (const node of workflow.nodes) {
    if (seenNodeIds.has(node.id)) problems.push({ nodeId: node.id, code: 'DUPLICATE_NODE_ID', message: `Two steps share the id "${node.id}"` });
    seenNodeIds.add(node.id);
    if (node.type === 'trigger') triggers.push(node);
  }
  if (triggers.length === 0) problems.push({ code: 'NO_TRIGGER', message: 'Add a trigger: every workflow starts with one' });
  for (const extra of triggers.slice(1))
    problems.push({ nodeId: extra.id, code: 'MULTIPLE_TRIGGERS', message: 'A workflow has exactly one trigger; remove this one' });

  checkEdges(workflow, index.nodes, problems);

  const trigger = triggers[0];
  if (trigger) {
    const reached = new Set(reachableFrom(index, trigger.id));
    for (const node of index.nodes.values()) {
      if (!reached.has(node.id) && node.type !== 'trigger')
        problems.push({
          nodeId: node.id,
          code: 'UNREACHABLE',
          message: `"${nodeLabel(node)}" is not connected to the trigger, so it would never run`,
        });
    }
  }
  for (const edge of loopEdges(index)) {
    const from = index.nodes.get(edge.source);
    const to = index.nodes.get(edge.target);
    problems.push({
      edgeId: edge.id,
      code: 'CYCLE',
      message: `The connection from "${from ? nodeLabel(from) : edge.source}" to "${to ? nodeLabel(to) : edge.target}" makes a loop; remove it`,
    });
  }

  const types = trigger ? fieldTypesFor(trigger.config.module) : undefined;
  const connections = new Map(ctx.connections.map((c) => [c.linkName, c]));
  for (const node of index.nodes.values()) {
    if (node.type === 'trigger' && node.config.events.length === 0)
      problems.push({ nodeId: node.id, code: 'TRIGGER_NO_EVENTS', path: 'events', message: 'Pick Create, Edit or both' });
    else if (node.type === 'condition') checkCondition(node, types, problems);
    else if (node.type === 'function') checkFunction(node, connections, problems);
  }
  return problems;
}

function checkEdges(workflow: WorkflowGraph, nodes: ReadonlyMap<string, WorkflowNode>, problems: Problem[]): void {
  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  for (const edge of workflow.edges) {
    if (edgeIds.has(edge.id)) problems.push({ edgeId: edge.id, code: 'DUPLICATE_EDGE_ID', message: `Two connections share the id "${edge.id}"` });
    edgeIds.add(edge.id);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) {
      problems.push({
        edgeId: edge.id,
        code: 'EDGE_DANGLING',
        message: `This connection points to a step that no longer exists ("${source ? edge.target : edge.source}"); remove it`,
      });
      continue;
    }
    if (target.type === 'trigger')
      problems.push({ edgeId: edge.id, code: 'EDGE_INTO_TRIGGER', message: 'Nothing can lead into the trigger; remove this connection' });
    if (source.type === 'condition' && !edge.branch)
      problems.push({
        edgeId: edge.id,
        code: 'EDGE_BRANCH_MISSING',
        message: 'A connection from a condition must leave from its "true" or its "false" output',
      });
    if (source.type !== 'condition' && edge.branch)
      problems.push({
        edgeId: edge.id,
        code: 'EDGE_BRANCH_UNEXPECTED',
        message: `Only conditions have true/false outputs; this connection leaves "${nodeLabel(source)}"`,
      });
    const key = `${edge.source}\u0000${edge.target}\u0000${edge.branch ?? ''}`;
    if (pairs.has(key))
      problems.push({ edgeId: edge.id, code: 'DUPLICATE_EDGE', message: 'These two steps are already connected this way; remove the copy' });
    pairs.add(key);
  }
}

function checkCondition(node: ConditionNode, types: FieldTypes | undefined, problems: Problem[]): void {
  const { rules } = node.config;
  if (rules.length === 0) {
    problems.push({ nodeId: node.id, code: 'CONDITION_EMPTY', path: 'rules', message: 'Add at least one rule' });
    return;
  }
  rules.forEach((item, i) => {
    if (!isConditionGroup(item)) {
      reportRule(node.id, `rules[${i}]`, ruleProblem(item, types?.get(item.field)), problems);
      return;
    }
    if (item.rules.length === 0)
      problems.push({
        nodeId: node.id,
        code: 'GROUP_EMPTY',
        path: `rules[${i}]`,
        message: `Group ${i + 1} has no rules; add one or remove the group`,
      });
    item.rules.forEach((rule, j) => reportRule(node.id, `rules[${i}].rules[${j}]`, ruleProblem(rule, types?.get(rule.field)), problems));
  });
}

function reportRule(nodeId: string, at: string, problem: ReturnType<typeof ruleProblem>, problems: Problem[]): void {
  if (!problem) return;
  const ruleNumber =
    at
      .match(/\d+/g)
      ?.map((n) => Number(n) + 1)
      .join('.') ?? '';
  problems.push({ nodeId, code: problem.code, path: `${at}.${problem.path}`, message: `Rule ${ruleNumber}: ${problem.message}` });
}

function checkFunction(node: FunctionNode, connections: ReadonlyMap<string, ValidationContext['connections'][number]>, problems: Problem[]): void {
  const { config } = node;
  const name = nodeLabel(node);
  if (config.kind === 'builtin') {
    if (!config.builtin) {
      problems.push({ nodeId: node.id, code: 'BUILTIN_MISSING', path: 'builtin', message: 'Pick which built-in action to run' });
    } else {
      for (const role of BUILTIN_ROLES[config.builtin.id] ?? []) {
        const path = `connections.${role.role}`;
        const linkName = config.connections[role.role] ?? '';
        const connection = connections.get(linkName);
        if (linkName === '') problems.push({ nodeId: node.id, code: 'CONNECTION_MISSING', path, message: `Pick a ${role.label} for "${name}"` });
        else if (!connection)
          problems.push({
            nodeId: node.id,
            code: 'CONNECTION_NOT_FOUND',
            path,
            message: `No connection has the link name "${linkName}". Create it on the Connections page or pick another ${role.label}.`,
          });
        else if (!role.serviceLinkNames.includes(connection.serviceLinkName))
          problems.push({
            nodeId: node.id,
            code: 'CONNECTION_WRONG_SERVICE',
            path,
            message: `Connection "${linkName}" belongs to ${connection.serviceLinkName}, but the ${role.label} must use ${role.serviceLinkNames.join(' or ')}. Pick a ${role.label}.`,
          });
      }
      for (const param of BUILTIN_PARAMS[config.builtin.id]) {
        const value = (config.builtin.params[param.key] ?? '').trim();
        const path = `builtin.params.${param.key}`;
        if (value === '') problems.push({ nodeId: node.id, code: 'PARAM_MISSING', path, message: `Enter the ${param.label} (${param.hint})` });
        else if (!param.pattern.test(value))
          problems.push({ nodeId: node.id, code: 'PARAM_INVALID', path, message: `${param.label} "${value}" is not valid: ${param.hint}` });
      }
    }
  } else {
    if (!config.script || config.script.trim() === '')
      problems.push({ nodeId: node.id, code: 'SCRIPT_MISSING', path: 'script', message: `Write the Deluge script for "${name}"` });
    for (const [role, linkName] of Object.entries(config.connections)) {
      if (linkName !== '' && !connections.has(linkName))
        problems.push({
          nodeId: node.id,
          code: 'CONNECTION_NOT_FOUND',
          path: `connections.${role}`,
          message: `No connection has the link name "${linkName}". Create it on the Connections page or pick another connection.`,
        });
    }
  }
  const argumentNames = new Set<string>();
  config.arguments.forEach((arg, i) => {
    if (arg.from.trim() === '')
      problems.push({
        nodeId: node.id,
        code: 'ARGUMENT_INCOMPLETE',
        path: `arguments[${i}].from`,
        message: `Argument "${arg.name}": pick the record field it takes`,
      });
    if (argumentNames.has(arg.name))
      problems.push({
        nodeId: node.id,
        code: 'ARGUMENT_DUPLICATE',
        path: `arguments[${i}].name`,
        message: `Argument "${arg.name}" is defined twice`,
      });
    argumentNames.add(arg.name);
  });
}
