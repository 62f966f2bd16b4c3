/**
 * The parser's errors and hints as CodeMirror diagnostics, positioned from their 1-based line and
 * column. Both come from `parseDeluge`, the source the interpreter's own messages use.
 */
import type { Text } from '@codemirror/state';
import type { Diagnostic } from '@codemirror/lint';
import type { DelugeDiagnostic, DelugeHint } from '../../app/facades/deluge.ts';

function offset(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(column - 1, 0), l.to);
}

function toDiagnostic(doc: Text, e: DelugeHint, severity: Diagnostic['severity']): Diagnostic {
  const from = offset(doc, e.line, e.column);
  let to = e.endLine !== undefined && e.endColumn !== undefined ? offset(doc, e.endLine, e.endColumn) : from;
  // An empty range is hard to see: mark the character at the error, or the one before at a line end.
  if (to <= from) to = Math.min(from + 1, doc.lineAt(from).to);
  const start = to > from ? from : Math.max(doc.lineAt(from).from, from - 1);
  return { from: start, to: Math.max(to, start), severity, message: `Line ${e.line}: ${e.message}` };
}

export function toEditorDiagnostics(doc: Text, errors: readonly DelugeDiagnostic[], hints: readonly DelugeHint[] = []): Diagnostic[] {
  return [...errors.map((e) => toDiagnostic(doc, e, 'error')), ...hints.map((h) => toDiagnostic(doc, h, 'hint'))];
}
