import { describe, expect, it } from 'vitest';
import type { ConditionItem, ConditionRule, WorkflowEdge, WorkflowGraph, WorkflowNode } from '../../../src/domain/index.ts';
import { validateWorkflow } from '../../../src/engine/validate.ts';
import { CONNECTIONS, syncWorkflow } from './fakes.ts';

const ctx = { connections: CONNECTIONS };
const rule = (r: Partial<ConditionRule>): ConditionRule => ({ field: 'Email', op: 'is_not_empty', value: '', value2: '', values: [], ...r });
const trigger = (id = 't'): WorkflowNode => ({ id, type: 'trigger', config: { module: 'Contacts', events: ['create'], changedFields: [] } });
const condition = (id: string, rules: ConditionItem[] = [rule({})]): WorkflowNode => ({ id, type: 'condition', config: { match: 'all', rules } });
const deluge = (id: string, script = 'info "hi";'): WorkflowNode => ({
  id,
  type: 'function',
  config: { name: id, kind: 'deluge', script, connections: {}, arguments: [] },
});
const edge = (source: string, target: string, branch?: 'true' | 'false'): WorkflowEdge => ({
  id: `e_${source}_${target}_${branch ?? ''}`,
  source,
  target,
  ...(branch ? { branch } : {}),
});
const codes = (graph: WorkflowGraph) =>
  validateWorkflow(graph, ctx)
    .map((p) => p.code)
    .sort();

describe('validateWorkflow', () => {
  it('accepts the template workflow once connections and organization are filled in', () => {
    expect(validateWorkflow(syncWorkflow(), ctx)).toEqual([]);
  });

  it('requires exactly one trigger', () => {
    expect(codes({ nodes: [deluge('f')], edges: [] })).toEqual(['NO_TRIGGER']);
    const two = validateWorkflow({ nodes: [trigger('a'), trigger('b')], edges: [] }, ctx);
    expect(two).toEqual([expect.objectContaining({ code: 'MULTIPLE_TRIGGERS', nodeId: 'b' })]);
  });

  it('flags nodes the trigger cannot reach', () => {
    const problems = validateWorkflow({ nodes: [trigger(), deluge('a'), deluge('b')], edges: [edge('t', 'a')] }, ctx);
    expect(problems).toEqual([expect.objectContaining({ code: 'UNREACHABLE', nodeId: 'b' })]);
  });

  it('flags the edge that closes a loop, including a self-loop', () => {
    const loop = validateWorkflow({ nodes: [trigger(), deluge('a'), deluge('b')], edges: [edge('t', 'a'), edge('a', 'b'), edge('b', 'a')] }, ctx);
    expect(loop).toEqual([expect.objectContaining({ code: 'CYCLE', edgeId: 'e_b_a_' })]);
    expect(codes({ nodes: [trigger(), deluge('a')], edges: [edge('t', 'a'), edge('a', 'a')] })).toEqual(['CYCLE']);
  });

  it('keeps true/false apart: condition edges need a branch, other edges must not have one', () => {
    expect(codes({ nodes: [trigger(), condition('c'), deluge('f')], edges: [edge('t', 'c'), edge('c', 'f')] })).toEqual(['EDGE_BRANCH_MISSING']);
    expect(codes({ nodes: [trigger(), deluge('f')], edges: [edge('t', 'f', 'true')] })).toEqual(['EDGE_BRANCH_UNEXPECTED']);
    expect(
      codes({ nodes: [trigger(), condition('c'), deluge('f')], edges: [edge('t', 'c'), edge('c', 'f', 'true'), edge('c', 'f', 'false')] }),
    ).toEqual([]);
  });

  it('flags duplicate edges, dangling edges and edges into the trigger', () => {
    const dup: WorkflowEdge = { ...edge('t', 'f'), id: 'copy' };
    expect(codes({ nodes: [trigger(), deluge('f')], edges: [edge('t', 'f'), dup] })).toEqual(['DUPLICATE_EDGE']);
    expect(codes({ nodes: [trigger(), deluge('f')], edges: [edge('t', 'f'), edge('f', 'gone')] })).toEqual(['EDGE_DANGLING']);
    expect(codes({ nodes: [trigger(), deluge('f')], edges: [edge('t', 'f'), edge('f', 't')] })).toEqual(['CYCLE', 'EDGE_INTO_TRIGGER']);
  });

  it('requires a condition to have complete rules', () => {
    const graph = (rules: ConditionItem[]): WorkflowGraph => ({ nodes: [trigger(), condition('c', rules)], edges: [edge('t', 'c')] });
    expect(codes(graph([]))).toEqual(['CONDITION_EMPTY']);
    expect(codes(graph([rule({ field: '' })]))).toEqual(['RULE_INCOMPLETE']);
    expect(codes(graph([rule({ op: 'is' })]))).toEqual(['RULE_INCOMPLETE']);
    expect(codes(graph([rule({ op: 'is_empty' })]))).toEqual([]);
    expect(codes(graph([rule({ field: 'Phone', op: 'between', value: '1' })]))).toEqual(['RULE_INCOMPLETE']);
    expect(codes(graph([rule({ op: 'in', values: ['  '] })]))).toEqual(['RULE_INCOMPLETE']);
    expect(codes(graph([rule({ op: 'in', values: ['a@b.c'] })]))).toEqual([]);
    expect(codes(graph([rule({ field: 'Created_Time', op: 'gt', value: 'yesterday' })]))).toEqual(['RULE_VALUE_INVALID']);
    const problem = validateWorkflow(graph([rule({}), { match: 'any', rules: [rule({ op: 'contains' })] }]), ctx)[0];
    expect(problem).toMatchObject({ code: 'RULE_INCOMPLETE', nodeId: 'c', path: 'rules[1].rules[0].value', message: 'Rule 2.1: Enter a value' });
  });

  it('refuses code-like condition values and field names (security checklist S20)', () => {
    const graph = (r: ConditionRule): WorkflowGraph => ({ nodes: [trigger(), condition('c', [r])], edges: [edge('t', 'c')] });
    expect(codes(graph(rule({ op: 'is', value: '${process.exit()}' })))).toEqual(['RULE_UNSAFE']);
    expect(codes(graph(rule({ op: 'is', value: 'x', field: 'constructor.constructor' })))).toEqual(['RULE_UNSAFE']);
    expect(codes(graph(rule({ op: 'in', values: ['import("x")'] })))).toEqual(['RULE_UNSAFE']);
  });

  it('checks the built-in function connections by link name and service, naming the fix', () => {
    const wf = syncWorkflow();
    const fn = wf.nodes.find((n) => n.type === 'function')!;
    if (fn.type !== 'function') throw new Error('template changed');
    fn.config.connections = { bigin: '', books: 'books_old' };
    const problems = validateWorkflow(wf, ctx);
    expect(problems.map((p) => p.code)).toEqual(['CONNECTION_MISSING', 'CONNECTION_NOT_FOUND']);
    expect(problems[1]!.message).toBe(
      'No connection has the link name "books_old". Create it on the Connections page or pick another Zoho Books connection.',
    );
    expect(problems[1]).toMatchObject({ nodeId: 'sync', path: 'connections.books' });
    fn.config.connections = { bigin: 'books_conn', books: 'books_conn' };
    const wrong = validateWorkflow(wf, ctx);
    expect(wrong).toEqual([expect.objectContaining({ code: 'CONNECTION_WRONG_SERVICE', path: 'connections.bigin' })]);
    expect(wrong[0]!.message).toContain('"books_conn" belongs to zoho_books');
    expect(wrong[0]!.message).toContain('zoho_bigin');
  });

  it('requires the organization ID and a Deluge script', () => {
    const wf = syncWorkflow();
    const fn = wf.nodes.find((n) => n.type === 'function')!;
    if (fn.type !== 'function') throw new Error('template changed');
    fn.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: '' } };
    expect(validateWorkflow(wf, ctx).map((p) => p.code)).toEqual(['PARAM_MISSING']);
    fn.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: 'org-1' } };
    expect(validateWorkflow(wf, ctx).map((p) => p.code)).toEqual(['PARAM_INVALID']);
    expect(codes({ nodes: [trigger(), deluge('f', '  ')], edges: [edge('t', 'f')] })).toEqual(['SCRIPT_MISSING']);
  });

  it('handles a 5,000-node chain without recursion limits', () => {
    const nodes: WorkflowNode[] = [trigger()];
    const edges: WorkflowEdge[] = [];
    for (let i = 0; i < 5000; i++) {
      nodes.push(deluge(`n${i}`));
      edges.push(edge(i === 0 ? 't' : `n${i - 1}`, `n${i}`));
    }
    expect(validateWorkflow({ nodes, edges }, ctx)).toEqual([]);
    edges.push(edge('n4999', 'n0'));
    expect(codes({ nodes, edges })).toEqual(['CYCLE']);
  });
});
