import { describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import { connectTargets, outputsOf } from '../../../src/ui/canvas/state/connectTargets.ts';
import { addNode, connect, newNode, removeElements, type EditorDoc } from '../../../src/ui/canvas/state/document.ts';

function template(): EditorDoc {
  const { nodes, edges, layout } = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  return { nodes, edges, layout };
}

const ids = (doc: EditorDoc, source: string, branch?: 'true' | 'false') => connectTargets(doc, source, branch).map((n) => n.id);

describe('Connect to… choices', () => {
  it('offers a condition its true and false outputs, other steps one output', () => {
    const doc = template();
    expect(outputsOf(doc.nodes[1]!)).toEqual(['true', 'false']);
    expect(outputsOf(doc.nodes[0]!)).toEqual([undefined]);
  });

  it('never offers the trigger, the step itself, a step upstream, or an edge that already exists', () => {
    const doc = template();
    expect(ids(doc, 'has_email', 'true')).toEqual([]);
    expect(ids(doc, 'has_email', 'false')).toEqual(['sync']);
    expect(ids(doc, 'sync')).toEqual([]);
    expect(ids(doc, 'trigger')).toEqual(['sync']);
  });

  it('offers the true edge back once it is removed, and every choice is one connect accepts', () => {
    const doc = removeElements(template(), new Set(), new Set(['e_has_email_sync']));
    expect(ids(doc, 'has_email', 'true')).toEqual(['sync']);
    const withStep = addNode(doc, newNode('function', 'n_extra'), { x: 0, y: 500 });
    for (const source of withStep.nodes)
      for (const branch of outputsOf(source))
        for (const target of connectTargets(withStep, source.id, branch))
          expect(typeof connect(withStep, { source: source.id, target: target.id, sourceHandle: branch ?? null }, 'e_new')).not.toBe('string');
  });
});
