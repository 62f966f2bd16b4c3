/**
 * The Deluge script editor (CodeMirror 6 and the interpreter's parser) is loaded on demand so the
 * first screen stays small: import only this file statically.
 */
export type { DelugeEditorProps } from './types.ts';
export const loadDelugeEditor = () => import('./DelugeEditor.svelte');
