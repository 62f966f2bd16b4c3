/** Highlighting from the interpreter's own lexer (`classifyTokens`), so editor and runtime agree on every token. */
import { RangeSetBuilder } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { classifyTokens, type TokenClass } from '../../app/facades/deluge.ts';

const MARKS = new Map<TokenClass, Decoration>();
const markFor = (type: TokenClass): Decoration => {
  let mark = MARKS.get(type);
  if (!mark) MARKS.set(type, (mark = Decoration.mark({ class: `cm-dg-${type}` })));
  return mark;
};

export function delugeDecorations(source: string): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const token of classifyTokens(source)) {
    if (token.to > token.from && token.type !== 'variable' && token.type !== 'operator') builder.add(token.from, token.to, markFor(token.type));
  }
  return builder.finish();
}

export const delugeHighlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = delugeDecorations(view.state.doc.toString());
    }
    update(update: ViewUpdate): void {
      if (update.docChanged) this.decorations = delugeDecorations(update.state.doc.toString());
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Colours that keep 4.5:1 contrast on the editor's light and dark surfaces. */
export const delugeTheme = EditorView.baseTheme({
  '&light .cm-dg-keyword': { color: '#8b1a89', fontWeight: '600' },
  '&light .cm-dg-builtin': { color: '#1f5f99' },
  '&light .cm-dg-method': { color: '#6b4a00' },
  '&light .cm-dg-property': { color: '#7a3e00' },
  '&light .cm-dg-string': { color: '#1b6e35' },
  '&light .cm-dg-number': { color: '#9a3412' },
  '&light .cm-dg-comment': { color: '#5b6472', fontStyle: 'italic' },
  '&dark .cm-dg-keyword': { color: '#f0a6ee', fontWeight: '600' },
  '&dark .cm-dg-builtin': { color: '#8cc4ff' },
  '&dark .cm-dg-method': { color: '#ffd479' },
  '&dark .cm-dg-property': { color: '#ffbd80' },
  '&dark .cm-dg-string': { color: '#8fe0a5' },
  '&dark .cm-dg-number': { color: '#ffab85' },
  '&dark .cm-dg-comment': { color: '#a3acbb', fontStyle: 'italic' },
  '.cm-dg-invalid': { textDecoration: 'underline wavy', textDecorationColor: '#b3261e' },
});
