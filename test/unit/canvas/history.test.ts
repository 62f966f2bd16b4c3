import { describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import { addNode, newNode, type EditorDoc } from '../../../src/ui/canvas/state/document.ts';
import { COALESCE_MS, EMPTY_HISTORY, continuesEdit, parseHistory, record, redo, undo } from '../../../src/ui/canvas/state/history.ts';

const empty: EditorDoc = { nodes: [], edges: [], layout: { nodes: {} } };
const withNode = (id: string, doc = empty) => addNode(doc, newNode('condition', id), { x: 0, y: 0 });

describe('history', () => {
  it('undoes and redoes in order', () => {
    const a = empty;
    const b = withNode('n_1', a);
    const c = withNode('n_2', b);
    let history = record(record(EMPTY_HISTORY, a), b);
    let current = c;

    const u1 = undo(history, current)!;
    expect(u1.doc).toBe(b);
    const u2 = undo(u1.history, u1.doc)!;
    expect(u2.doc).toBe(a);
    expect(undo(u2.history, u2.doc)).toBeNull();

    const r1 = redo(u2.history, u2.doc)!;
    expect(r1.doc).toBe(b);
    const r2 = redo(r1.history, r1.doc)!;
    expect(r2.doc).toBe(c);
    expect(redo(r2.history, r2.doc)).toBeNull();
    history = r2.history;
    current = r2.doc;
    expect(history.past).toEqual([a, b]);
    expect(current).toBe(c);
  });

  it('a new edit after undo forgets what could be redone', () => {
    const b = withNode('n_1');
    const u = undo(record(EMPTY_HISTORY, empty), b)!;
    expect(u.history.future).toHaveLength(1);
    expect(record(u.history, u.doc).future).toEqual([]);
  });

  it('keeps at most the limit, dropping the oldest', () => {
    let history = EMPTY_HISTORY;
    const docs = Array.from({ length: 5 }, (_, i) => withNode(`n_${i}`));
    for (const doc of docs) history = record(history, doc, 3);
    expect(history.past).toEqual(docs.slice(2));
  });

  it('merges keystrokes in one field into one step, but not in another field or after a pause', () => {
    expect(continuesEdit(null, 'n_1:name', 0)).toBe(false);
    expect(continuesEdit({ key: 'n_1:name', at: 0 }, 'n_1:name', COALESCE_MS)).toBe(true);
    expect(continuesEdit({ key: 'n_1:name', at: 0 }, 'n_1:name', COALESCE_MS + 1)).toBe(false);
    expect(continuesEdit({ key: 'n_1:name', at: 0 }, 'n_1:script', 10)).toBe(false);
    expect(continuesEdit({ key: 'n_1:name', at: 0 }, undefined, 10)).toBe(false);
  });

  it('reads stored stacks through the schema and drops snapshots that no longer parse', () => {
    const good = BIGIN_BOOKS_SYNC_TEMPLATE.build();
    const stored = {
      past: [
        { nodes: good.nodes, edges: good.edges, layout: good.layout },
        { nodes: [{ id: 'x', type: 'teleport' }], edges: [], layout: {} },
      ],
      future: [{ nodes: 'oops' }],
    };
    const history = parseHistory(stored);
    expect(history.past).toHaveLength(1);
    expect(history.past[0]?.nodes).toEqual(good.nodes);
    expect(history.future).toEqual([]);
    expect(parseHistory(undefined)).toEqual(EMPTY_HISTORY);
  });
});
