/**
 * One open workflow: its document, undo/redo stacks and autosave. The document is `$state.raw` and is
 * replaced on every edit, never mutated (DESIGN.md convention 7).
 */
import {
  dropDraft,
  getWorkflow,
  getWorkflowHistory,
  readDraft,
  saveWorkflow,
  saveWorkflowHistory,
  stashDraft,
  type HistoryRow,
} from '../../app/facades/workflows.ts';
import type { Workflow } from '../../domain/index.ts';
import type { EditorDoc } from './state/document.ts';
import { EMPTY_HISTORY, continuesEdit, parseHistory, record, redo, undo, type History, type LastEdit } from './state/history.ts';
import { normalViewport, sameViewport, withViewport, type Viewport } from './state/viewport.ts';

/** Autosave waits this long after the last change (the issue asks for ≤ 500 ms). */
export const SAVE_DELAY_MS = 300;

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error';

/** The viewport stays out of the document, so undo snapshots never carry it. */
function docOf(workflow: Workflow): EditorDoc {
  return { nodes: workflow.nodes, edges: workflow.edges, layout: withViewport(workflow.layout, undefined) };
}

export class WorkflowEditor {
  workflow = $state.raw<Workflow | null>(null);
  doc = $state.raw<EditorDoc>({ nodes: [], edges: [], layout: { nodes: {} } });
  history = $state.raw<History>(EMPTY_HISTORY);
  status = $state<SaveStatus>('saved');
  notice = $state<string | null>(null);
  error = $state<string | null>(null);
  missing = $state(false);

  canUndo = $derived(this.history.past.length > 0);
  canRedo = $derived(this.history.future.length > 0);

  #viewport: Viewport | undefined;
  #lastEdit: LastEdit | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dirty = false;
  #historyDirty = false;
  #inFlight: Promise<void> | null = null;

  constructor(readonly id: string) {}

  async load(): Promise<void> {
    const [workflow, stored] = await Promise.all([getWorkflow(this.id), getWorkflowHistory(this.id)]);
    if (!workflow) {
      this.missing = true;
      return;
    }
    this.workflow = workflow;
    this.doc = docOf(workflow);
    this.#viewport = workflow.layout.viewport;
    this.history = parseHistory(stored);
    this.#recoverDraft(workflow);
  }

  /** Changes stashed while the page was closing, made on the revision still stored: save them now. */
  #recoverDraft(workflow: Workflow): void {
    const draft = readDraft(this.id);
    if (!draft) return;
    if (draft.revision !== workflow.revision) {
      dropDraft(this.id);
      return;
    }
    const recovered: Workflow = { ...workflow, name: draft.name, nodes: draft.nodes, edges: draft.edges, layout: draft.layout };
    this.workflow = { ...workflow, name: draft.name };
    this.doc = docOf(recovered);
    this.#viewport = draft.layout.viewport;
    this.history = parseHistory(draft.history);
    this.#changed();
  }

  /** Synchronous copy of unsaved changes for a page that is closing (see app/drafts.ts). */
  stashUnsaved(): void {
    if (!this.workflow || (!this.#dirty && !this.#inFlight)) return;
    const saved = this.saved;
    stashDraft(this.id, {
      revision: this.workflow.revision,
      name: this.workflow.name,
      nodes: saved.nodes,
      edges: saved.edges,
      layout: saved.layout,
      history: { past: this.history.past, future: this.history.future },
    });
  }

  /** Where the canvas looked when this workflow was last saved; undefined means fit the view. */
  get viewport(): Viewport | undefined {
    return this.#viewport;
  }

  /** The document with the current viewport, as it is saved and exported. */
  get saved(): EditorDoc {
    return { ...this.doc, layout: withViewport(this.doc.layout, this.#viewport) };
  }

  /** Records where the canvas looks now; saved with the next autosave, never an undo step. */
  setViewport(viewport: Viewport): void {
    const next = normalViewport(viewport);
    if (!next || sameViewport(next, this.#viewport)) return;
    this.#viewport = next;
    this.#changed(false);
  }

  /** Applies an edit. Edits with the same `key` typed close together become one undo step. */
  apply(next: EditorDoc, key?: string): void {
    if (next === this.doc) return;
    const now = Date.now();
    if (!continuesEdit(this.#lastEdit, key, now)) this.history = record(this.history, this.doc);
    this.#lastEdit = key === undefined ? null : { key, at: now };
    this.doc = next;
    this.#changed();
  }

  undo(): void {
    const step = undo(this.history, this.doc);
    if (!step) return;
    this.#replace(step);
  }

  redo(): void {
    const step = redo(this.history, this.doc);
    if (!step) return;
    this.#replace(step);
  }

  rename(name: string): void {
    const trimmed = name.trim();
    if (!this.workflow || !trimmed || trimmed === this.workflow.name) return;
    this.workflow = { ...this.workflow, name: trimmed };
    this.#changed(false);
  }

  /**
   * Another tab saved a newer revision. Take it when nothing here is waiting to be saved; otherwise our
   * pending save will meet the conflict and say so.
   */
  async adoptRemote(stored: Workflow | undefined): Promise<void> {
    if (!stored || !this.workflow || stored.revision <= this.workflow.revision) return;
    if (this.#dirty || this.#inFlight) return;
    const history = await getWorkflowHistory(this.id);
    if (this.#dirty || this.#inFlight || stored.revision <= this.workflow.revision) return;
    this.workflow = stored;
    this.doc = docOf(stored);
    this.history = parseHistory(history);
    this.#lastEdit = null;
  }

  /** Saves now: used on tab hide/close and before leaving the editor. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    return this.#save();
  }

  dispose(): void {
    void this.flush();
  }

  #replace(step: { history: History; doc: EditorDoc }): void {
    this.history = step.history;
    this.doc = step.doc;
    this.#lastEdit = null;
    this.#changed();
  }

  #changed(historyChanged = true): void {
    this.#dirty = true;
    if (historyChanged) this.#historyDirty = true;
    this.status = 'unsaved';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#save();
    }, SAVE_DELAY_MS);
  }

  async #save(): Promise<void> {
    if (this.#inFlight) {
      await this.#inFlight;
      if (this.#dirty) return this.#save();
      return;
    }
    if (!this.#dirty || !this.workflow) return;
    this.#inFlight = this.#write();
    try {
      await this.#inFlight;
    } finally {
      this.#inFlight = null;
    }
    if (this.#dirty && !this.#timer) await this.#save();
  }

  async #write(): Promise<void> {
    const base = this.workflow;
    if (!base) return;
    const doc = this.doc;
    const history = this.history;
    const writeHistory = this.#historyDirty;
    this.#dirty = false;
    this.#historyDirty = false;
    this.status = 'saving';
    try {
      const candidate: Workflow = { ...base, ...doc, layout: withViewport(doc.layout, this.#viewport) };
      let result = await saveWorkflow(candidate);
      if (!result.ok) {
        this.notice = `This workflow was also changed in another tab (revision ${result.conflict.revision}). Your version was saved over it: the last save wins.`;
        result = await saveWorkflow({ ...candidate, revision: result.conflict.revision }, { force: true });
      }
      if (result.ok) {
        // Keep edits made while the save was in flight: only the revision comes from storage.
        this.workflow = { ...result.workflow, name: this.workflow?.name ?? result.workflow.name };
      }
      if (writeHistory) {
        const row: HistoryRow = { workflowId: base.id, past: history.past, future: history.future };
        await saveWorkflowHistory(row);
      }
      this.error = null;
      if (!this.#dirty) {
        this.status = 'saved';
        dropDraft(this.id);
      }
    } catch (error) {
      this.#dirty = true;
      this.#historyDirty ||= writeHistory;
      this.status = 'error';
      this.error = `Could not save: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
