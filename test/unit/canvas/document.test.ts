import { describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import {
  addNode,
  connect,
  freeId,
  idsOf,
  moveNodes,
  newNode,
  nudgeNodes,
  removeElements,
  replaceNode,
  type EditorDoc,
} from '../../../src/ui/canvas/state/document.ts';

function template(): EditorDoc {
  const { nodes, edges, layout } = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  return { nodes, edges, layout };
}

describe('document edits', () => {
  it('adds a node with its position in the layout, not on the node', () => {
    const doc = addNode(template(), newNode('condition', 'n_1'), { x: 5, y: 6 });
    expect(doc.nodes.at(-1)).toEqual({
      id: 'n_1',
      type: 'condition',
      config: { match: 'all', rules: [{ field: '', op: 'is', value: '', value2: '', values: [] }] },
    });
    expect(doc.layout.nodes.n_1).toEqual({ x: 5, y: 6 });
  });

  it('keeps unchanged nodes by reference so snapshots share memory', () => {
    const before = template();
    const after = addNode(before, newNode('function', 'n_1'), { x: 0, y: 0 });
    after.nodes.slice(0, 3).forEach((node, i) => expect(node).toBe(before.nodes[i]));
    expect(before.nodes).toHaveLength(3);
  });

  it('removing a node removes its edges and its position', () => {
    const doc = removeElements(template(), new Set(['has_email']));
    expect(doc.nodes.map((n) => n.id)).toEqual(['trigger', 'sync']);
    expect(doc.edges).toEqual([]);
    expect(doc.layout.nodes).not.toHaveProperty('has_email');
  });

  it('removes a lone edge and returns the same document when nothing matches', () => {
    const start = template();
    expect(removeElements(start, new Set(), new Set(['e_has_email_sync'])).edges.map((e) => e.id)).toEqual(['e_trigger_has_email']);
    expect(removeElements(start, new Set(['missing']))).toBe(start);
  });

  it('connects a condition from its true/false handle and records the branch', () => {
    const start = removeElements(template(), new Set(), new Set(['e_has_email_sync']));
    const doc = connect(start, { source: 'has_email', target: 'sync', sourceHandle: 'false' }, 'e_new');
    expect(typeof doc).toBe('object');
    expect((doc as EditorDoc).edges.at(-1)).toEqual({ id: 'e_new', source: 'has_email', target: 'sync', branch: 'false' });
  });

  it('keeps true and false edges apart: both branches to one target are two edges', () => {
    const doc = connect(template(), { source: 'has_email', target: 'sync', sourceHandle: 'false' }, 'e_new') as EditorDoc;
    expect(doc.edges.filter((e) => e.source === 'has_email').map((e) => e.branch)).toEqual(['true', 'false']);
  });

  it('refuses edges the model cannot hold, with a reason', () => {
    const doc = template();
    expect(connect(doc, { source: 'sync', target: 'sync' }, 'e')).toBe('self');
    expect(connect(doc, { source: 'sync', target: 'nope' }, 'e')).toBe('unknown-node');
    expect(connect(doc, { source: 'sync', target: 'trigger' }, 'e')).toBe('into-trigger');
    expect(connect(doc, { source: 'has_email', target: 'sync', sourceHandle: null }, 'e')).toBe('no-branch');
    expect(connect(doc, { source: 'has_email', target: 'sync', sourceHandle: 'true' }, 'e')).toBe('duplicate');
    expect(connect(doc, { source: 'trigger', target: 'has_email' }, 'e')).toBe('duplicate');
  });

  it('does not put a branch on edges leaving a trigger or a function', () => {
    const doc = connect(template(), { source: 'trigger', target: 'sync', sourceHandle: 'true' }, 'e_x') as EditorDoc;
    expect(doc.edges.at(-1)).toEqual({ id: 'e_x', source: 'trigger', target: 'sync' });
  });

  it('moves and nudges nodes; a move to the same place changes nothing', () => {
    const start = template();
    expect(moveNodes(start, { trigger: { x: 0, y: 0 } })).toBe(start);
    const moved = moveNodes(start, { trigger: { x: 3, y: 4 } });
    expect(moved.layout.nodes.trigger).toEqual({ x: 3, y: 4 });
    expect(start.layout.nodes.trigger).toEqual({ x: 0, y: 0 });
    const nudged = nudgeNodes(moved, ['trigger', 'sync'], 10, -10);
    expect(nudged.layout.nodes.trigger).toEqual({ x: 13, y: -6 });
    expect(nudged.layout.nodes.sync).toEqual({ x: -110, y: 320 });
  });

  it('replaces a node only with one of the same id and type', () => {
    const start = template();
    const trigger = start.nodes[0];
    if (trigger?.type !== 'trigger') throw new Error('template changed');
    const next = replaceNode(start, { ...trigger, config: { ...trigger.config, module: 'Accounts' } });
    expect(next.nodes[0]).toMatchObject({ config: { module: 'Accounts' } });
    expect(replaceNode(start, { ...newNode('condition', 'trigger') })).toBe(start);
    expect(replaceNode(start, newNode('condition', 'nope'))).toBe(start);
  });

  it('finds a free id even when the first guesses are taken', () => {
    const guesses = ['aaaa', 'aaaa', 'bbbb'];
    expect(freeId('n', new Set(['n_aaaa']), () => guesses.shift() ?? 'zzzz')).toBe('n_bbbb');
    expect(idsOf(template())).toEqual(new Set(['trigger', 'has_email', 'sync', 'e_trigger_has_email', 'e_has_email_sync']));
  });
});
