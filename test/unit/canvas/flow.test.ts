import { describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE, type WorkflowNode } from '../../../src/domain/index.ts';
import { moveNodes, replaceNode, type EditorDoc } from '../../../src/ui/canvas/state/document.ts';
import { nodeLabel } from '../../../src/engine/validate.ts';
import { STEP_HEIGHT, STEP_WIDTH, movedPositions, toFlowEdges, toFlowNodes, type NodeInputs } from '../../../src/ui/canvas/state/flow.ts';

function template(): EditorDoc {
  const { nodes, edges, layout } = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  return { nodes, edges, layout };
}

function inputs(problems: Record<string, string[]> = {}): NodeInputs & { summarised: string[] } {
  const summarised: string[] = [];
  return {
    summarised,
    summary: (node: WorkflowNode) => {
      summarised.push(node.id);
      return `summary of ${node.id}`;
    },
    problems: (id) => problems[id] ?? [],
    result: () => undefined,
  };
}

describe('flow view of the document', () => {
  it('draws every node at its layout position with its summary and problems', () => {
    const nodes = toFlowNodes(template(), [], inputs({ sync: ['Pick a connection'] }));
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual([
      ['trigger', 'step', { x: 0, y: 0 }],
      ['has_email', 'step', { x: 0, y: 160 }],
      ['sync', 'step', { x: -120, y: 330 }],
    ]);
    expect(nodes[2]?.data.problems).toEqual(['Pick a connection']);
    expect(nodes[0]?.data.summary).toBe('summary of trigger');
    expect(nodes[1]).toMatchObject({ width: STEP_WIDTH, height: STEP_HEIGHT.condition });
    expect(nodes[1]?.handles?.map((h) => [h.type, h.id])).toEqual([
      ['target', null],
      ['source', 'true'],
      ['source', 'false'],
    ]);
  });

  it('reuses the previous object of a node that did not change, and keeps the selection of one that did', () => {
    const doc = template();
    const first = toFlowNodes(doc, [], inputs());
    const measured = first.map((n, i) => (i === 1 ? { ...n, selected: true } : n));
    const condition = doc.nodes[1];
    if (condition?.type !== 'condition') throw new Error('template changed');
    const edited = replaceNode(doc, { ...condition, config: { ...condition.config, match: 'any' } });
    const tracking = inputs();
    const second = toFlowNodes(edited, measured, tracking);
    expect(second[0]).toBe(measured[0]);
    expect(second[2]).toBe(measured[2]);
    expect(second[1]).not.toBe(measured[1]);
    expect(second[1]).toMatchObject({ selected: true, measured: { width: STEP_WIDTH, height: STEP_HEIGHT.condition } });
    expect(tracking.summarised).toEqual(['has_email']);
  });

  it('redraws a node when only its position or problems change, without re-summarising it', () => {
    const doc = template();
    const first = toFlowNodes(doc, [], inputs());
    const tracking = inputs({ trigger: ['x'] });
    const second = toFlowNodes(moveNodes(doc, { sync: { x: 1, y: 2 } }), first, tracking);
    expect(second[2]?.position).toEqual({ x: 1, y: 2 });
    expect(second[0]?.data.problems).toEqual(['x']);
    expect(second[1]).toBe(first[1]);
    expect(tracking.summarised).toEqual([]);
  });

  it('labels condition edges with their branch and marks edges with problems', () => {
    const edges = toFlowEdges(template(), [], new Set(['e_trigger_has_email']), nodeLabel);
    expect(edges[0]).toMatchObject({ id: 'e_trigger_has_email', class: 'has-problem' });
    expect(edges[0]).not.toHaveProperty('sourceHandle');
    expect(edges[1]).toMatchObject({ source: 'has_email', target: 'sync', sourceHandle: 'true', label: 'true' });
    expect(toFlowEdges(template(), edges, new Set(['e_trigger_has_email']), nodeLabel)[1]).toBe(edges[1]);
  });

  it('announces edges by step names, not ids (regression: "Connection has_email to sync")', () => {
    const edges = toFlowEdges(template(), [], new Set(), nodeLabel);
    expect(edges.map((e) => e.ariaLabel)).toEqual(['Trigger → Condition', 'Condition → Sync contact to Zoho Books (true)']);
    const sync = template().nodes[2]!;
    if (sync.type !== 'function') throw new Error('template changed');
    const renamed = replaceNode(template(), { ...sync, config: { ...sync.config, name: 'Push to Books' } });
    expect(toFlowEdges(renamed, edges, new Set(), nodeLabel)[1]?.ariaLabel).toBe('Condition → Push to Books (true)');
  });

  it('reports only the nodes a drag really moved, rounded to whole pixels', () => {
    const doc = template();
    const flow = toFlowNodes(doc, [], inputs()).map((n) => (n.id === 'sync' ? { ...n, position: { x: 10.4, y: 20.6 } } : n));
    expect(movedPositions(doc, flow)).toEqual({ sync: { x: 10, y: 21 } });
  });
});
