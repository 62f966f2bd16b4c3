/** Keyboard shortcuts of the canvas, as plain data so they can be tested without a browser. */
export type Shortcut = { kind: 'undo' | 'redo' | 'delete' | 'copy' | 'paste' } | { kind: 'nudge'; dx: number; dy: number };

export const NUDGE_STEP = 10;
export const NUDGE_STEP_LARGE = 50;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function shortcutOf(event: KeyLike): Shortcut | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && !event.altKey) {
    if (key === 'z') return { kind: event.shiftKey ? 'redo' : 'undo' };
    if (key === 'y' && !event.shiftKey) return { kind: 'redo' };
    if (key === 'c' && !event.shiftKey) return { kind: 'copy' };
    if (key === 'v' && !event.shiftKey) return { kind: 'paste' };
    return null;
  }
  if (event.altKey || mod) return null;
  if (key === 'delete' || key === 'backspace') return { kind: 'delete' };
  const step = event.shiftKey ? NUDGE_STEP_LARGE : NUDGE_STEP;
  switch (event.key) {
    case 'ArrowLeft':
      return { kind: 'nudge', dx: -step, dy: 0 };
    case 'ArrowRight':
      return { kind: 'nudge', dx: step, dy: 0 };
    case 'ArrowUp':
      return { kind: 'nudge', dx: 0, dy: -step };
    case 'ArrowDown':
      return { kind: 'nudge', dx: 0, dy: step };
    default:
      return null;
  }
}

/** Keys typed into a form field belong to the field (its own undo, its own Backspace). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!target || typeof (target as { tagName?: unknown }).tagName !== 'string') return false;
  const element = target as HTMLElement;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

export function fileName(workflowName: string): string {
  const slug = workflowName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'workflow'}.workflow.json`;
}
