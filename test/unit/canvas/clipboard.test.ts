import { describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import { PASTE_OFFSET, copySelection, pasteClipboard } from '../../../src/ui/canvas/state/clipboard.ts';
import type { EditorDoc } from '../../../src/ui/canvas/state/document.ts';

function template(): EditorDoc {
  const { nodes, edges, layout } = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  return { nodes, edges, layout };
}

function counter() {
  let i = 0;
  return () => `c${++i}`;
}

describe('clipboard', () => {
  it('copies the selected nodes and only the edges between them', () => {
    const clip = copySelection(template(), new Set(['has_email', 'sync']))!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['has_email', 'sync']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e_has_email_sync']);
    expect(clip.positions).toEqual({ has_email: { x: 0, y: 160 }, sync: { x: -120, y: 330 } });
    expect(copySelection(template(), new Set())).toBeNull();
  });

  it('pastes with fresh ids, remaps edges to the copies and keeps branches', () => {
    const doc = template();
    const clip = copySelection(doc, new Set(['has_email', 'sync']))!;
    const { doc: next, nodeIds } = pasteClipboard(doc, clip, undefined, counter());
    expect(nodeIds).toEqual(['n_c1', 'n_c2']);
    expect(next.nodes.map((n) => n.id)).toEqual(['trigger', 'has_email', 'sync', 'n_c1', 'n_c2']);
    expect(next.edges.at(-1)).toEqual({ id: 'e_c3', source: 'n_c1', target: 'n_c2', branch: 'true' });
    expect(next.layout.nodes.n_c1).toEqual({ x: PASTE_OFFSET, y: 160 + PASTE_OFFSET });
    expect(next.nodes[3]?.config).toEqual(doc.nodes[1]?.config);
  });

  it('never reuses an id already in the document', () => {
    const doc = template();
    const clip = copySelection(doc, new Set(['has_email']))!;
    const first = pasteClipboard(doc, clip, undefined, counter());
    const second = pasteClipboard(first.doc, clip, undefined, counter());
    expect(second.nodeIds).toEqual(['n_c2']);
    expect(new Set(second.doc.nodes.map((n) => n.id)).size).toBe(second.doc.nodes.length);
  });

  it('pasted copies are independent of the clipboard and of the originals', () => {
    const doc = template();
    const clip = copySelection(doc, new Set(['has_email']))!;
    const { doc: next } = pasteClipboard(doc, clip, { x: 0, y: 0 }, counter());
    const pasted = next.nodes.at(-1)!;
    expect(pasted.config).not.toBe(clip.nodes[0]?.config);
    expect(pasted.config).not.toBe(doc.nodes[1]?.config);
  });
});
