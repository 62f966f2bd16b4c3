import { describe, expect, it } from 'vitest';
import { NUDGE_STEP, NUDGE_STEP_LARGE, fileName, shortcutOf } from '../../../src/ui/canvas/keys.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('canvas shortcuts', () => {
  it('maps Ctrl and Cmd alike', () => {
    expect(shortcutOf(key('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(shortcutOf(key('z', { metaKey: true }))).toEqual({ kind: 'undo' });
    expect(shortcutOf(key('Z', { metaKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(shortcutOf(key('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(shortcutOf(key('c', { ctrlKey: true }))).toEqual({ kind: 'copy' });
    expect(shortcutOf(key('v', { metaKey: true }))).toEqual({ kind: 'paste' });
  });

  it('deletes with Delete and Backspace, nudges with arrows', () => {
    expect(shortcutOf(key('Delete'))).toEqual({ kind: 'delete' });
    expect(shortcutOf(key('Backspace'))).toEqual({ kind: 'delete' });
    expect(shortcutOf(key('ArrowLeft'))).toEqual({ kind: 'nudge', dx: -NUDGE_STEP, dy: 0 });
    expect(shortcutOf(key('ArrowDown', { shiftKey: true }))).toEqual({ kind: 'nudge', dx: 0, dy: NUDGE_STEP_LARGE });
  });

  it('ignores everything else', () => {
    expect(shortcutOf(key('a'))).toBeNull();
    expect(shortcutOf(key('z'))).toBeNull();
    expect(shortcutOf(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutOf(key('Delete', { ctrlKey: true }))).toBeNull();
  });

  it('names export files after the workflow', () => {
    expect(fileName('Bigin → Books contact sync')).toBe('bigin-books-contact-sync.workflow.json');
    expect(fileName('→')).toBe('workflow.workflow.json');
  });
});
