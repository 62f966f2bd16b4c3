import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import { AppDatabase, createWorkflow, getWorkflow, getWorkflowHistory, resetDatabaseForTests, saveWorkflow } from '../../../src/storage/index.ts';
import { SAVE_DELAY_MS, WorkflowEditor } from '../../../src/ui/canvas/editor.svelte.ts';
import { addNode, newNode } from '../../../src/ui/canvas/state/document.ts';
import { until } from '../support/until.ts';

beforeEach(() => resetDatabaseForTests(new AppDatabase(`editor-${crypto.randomUUID()}`)));
afterEach(() => resetDatabaseForTests());

async function open() {
  const created = await createWorkflow(BIGIN_BOOKS_SYNC_TEMPLATE.build());
  const editor = new WorkflowEditor(created.id);
  await editor.load();
  return { editor, id: created.id };
}

describe('workflow editor autosave', () => {
  it('saves within the delay after the last change and says Saved', async () => {
    const { editor, id } = await open();
    expect(SAVE_DELAY_MS).toBeLessThanOrEqual(500);
    editor.apply(addNode(editor.doc, newNode('function', 'n_extra'), { x: 1, y: 2 }));
    expect(editor.status).toBe('unsaved');
    await until(() => editor.status === 'saved');
    const stored = await getWorkflow(id);
    expect(stored?.nodes.map((n) => n.id)).toEqual(['trigger', 'has_email', 'sync', 'n_extra']);
    expect(stored?.layout.nodes.n_extra).toEqual({ x: 1, y: 2 });
    expect(stored?.revision).toBe(1);
  });

  it('keeps changes made just before the page closed: the stashed draft is recovered and saved on reopen', async () => {
    const { editor, id } = await open();
    editor.apply(addNode(editor.doc, newNode('function', 'n_late'), { x: 5, y: 6 }));
    editor.stashUnsaved();
    // The page is gone before the autosave timer fires: storage still has the old graph.
    expect((await getWorkflow(id))?.nodes).toHaveLength(3);

    const reopened = new WorkflowEditor(id);
    await reopened.load();
    expect(reopened.doc.nodes.map((n) => n.id)).toContain('n_late');
    expect(reopened.status).toBe('unsaved');
    expect(reopened.canUndo).toBe(true);
    await reopened.flush();
    expect((await getWorkflow(id))?.nodes.map((n) => n.id)).toContain('n_late');
    expect(localStorage.getItem(`workflow-draft:${id}`)).toBeNull();
    editor.dispose();
  });

  it('drops a draft made on a revision that was saved over since', async () => {
    const { editor, id } = await open();
    editor.apply(addNode(editor.doc, newNode('function', 'n_stale'), { x: 0, y: 0 }));
    editor.stashUnsaved();
    await editor.flush();
    const other = new WorkflowEditor(id);
    await other.load();
    other.rename('Renamed elsewhere');
    await other.flush();
    localStorage.setItem(
      `workflow-draft:${id}`,
      JSON.stringify({ revision: 0, name: 'Stale', nodes: [], edges: [], layout: { nodes: {} }, history: { past: [], future: [] } }),
    );

    const reopened = new WorkflowEditor(id);
    await reopened.load();
    expect(reopened.workflow?.name).toBe('Renamed elsewhere');
    expect(reopened.doc.nodes.map((n) => n.id)).toContain('n_stale');
    expect(reopened.status).toBe('saved');
    expect(localStorage.getItem(`workflow-draft:${id}`)).toBeNull();
  });

  it('stores the undo stack so a reopened editor can undo', async () => {
    const { editor, id } = await open();
    editor.apply(addNode(editor.doc, newNode('function', 'n_extra'), { x: 0, y: 0 }));
    await editor.flush();
    expect((await getWorkflowHistory(id))?.past).toHaveLength(1);

    const reopened = new WorkflowEditor(id);
    await reopened.load();
    expect(reopened.canUndo).toBe(true);
    reopened.undo();
    await reopened.flush();
    expect((await getWorkflow(id))?.nodes).toHaveLength(3);
    expect((await getWorkflowHistory(id))?.future).toHaveLength(1);
  });

  it('typing in one field is one undo step', async () => {
    const { editor } = await open();
    const node = editor.doc.nodes[2];
    if (node?.type !== 'function') throw new Error('template changed');
    for (const name of ['S', 'Sy', 'Syn'])
      editor.apply(
        { ...editor.doc, nodes: editor.doc.nodes.map((n) => (n.id === 'sync' ? { ...node, config: { ...node.config, name } } : n)) },
        'sync:name',
      );
    expect(editor.history.past).toHaveLength(1);
    editor.undo();
    expect(editor.doc.nodes[2]).toBe(node);
    await editor.flush();
  });

  it('when another tab saved first, the last writer wins with a notice', async () => {
    const { editor, id } = await open();
    const other = await getWorkflow(id);
    if (!other) throw new Error('missing');
    await saveWorkflow({ ...other, name: 'Renamed elsewhere' });

    editor.apply(addNode(editor.doc, newNode('condition', 'n_mine'), { x: 0, y: 0 }));
    await editor.flush();
    expect(editor.notice).toMatch(/changed in another tab/);
    const stored = await getWorkflow(id);
    expect(stored?.nodes.map((n) => n.id)).toContain('n_mine');
    expect(stored?.revision).toBe(2);
    expect(editor.status).toBe('saved');
  });

  it('takes a newer revision from another tab when it has nothing unsaved', async () => {
    const { editor, id } = await open();
    const other = await getWorkflow(id);
    if (!other) throw new Error('missing');
    const saved = await saveWorkflow({ ...other, nodes: other.nodes.slice(0, 1), edges: [] });
    if (!saved.ok) throw new Error('save failed');
    await editor.adoptRemote(saved.workflow);
    expect(editor.doc.nodes.map((n) => n.id)).toEqual(['trigger']);
    expect(editor.workflow?.revision).toBe(1);
    await editor.adoptRemote(other);
    expect(editor.doc.nodes).toHaveLength(1);
  });

  it('saves the viewport with autosave, never as an undo step, and opens with it', async () => {
    const { editor, id } = await open();
    expect(editor.viewport).toBeUndefined();
    editor.setViewport({ x: 120.4, y: -40.2, zoom: 0.75 });
    expect(editor.status).toBe('unsaved');
    expect(editor.canUndo).toBe(false);
    await until(() => editor.status === 'saved');
    const stored = await getWorkflow(id);
    expect(stored?.layout.viewport).toEqual({ x: 120, y: -40, zoom: 0.75 });
    expect(stored?.revision).toBe(1);
    expect(await getWorkflowHistory(id)).toBeUndefined();

    editor.setViewport({ x: 120.1, y: -39.9, zoom: 0.75 });
    expect(editor.status).toBe('saved');

    editor.apply(addNode(editor.doc, newNode('function', 'n_extra'), { x: 0, y: 0 }));
    editor.setViewport({ x: 0, y: 0, zoom: 2 });
    editor.undo();
    await editor.flush();
    expect((await getWorkflow(id))?.layout.viewport).toEqual({ x: 0, y: 0, zoom: 2 });
    expect(editor.saved.layout.viewport).toEqual({ x: 0, y: 0, zoom: 2 });
    const past = (await getWorkflowHistory(id))?.past ?? [];
    expect(past.every((snapshot) => !('viewport' in (snapshot as { layout: object }).layout))).toBe(true);

    const reopened = new WorkflowEditor(id);
    await reopened.load();
    expect(reopened.viewport).toEqual({ x: 0, y: 0, zoom: 2 });
    expect('viewport' in reopened.doc.layout).toBe(false);
  });

  it('reports a workflow that does not exist', async () => {
    const editor = new WorkflowEditor('wf_doesnotexist');
    await editor.load();
    expect(editor.missing).toBe(true);
  });
});
