/** Positions, caret excerpts and the stable error codes shared by the parser and the runtime. */
export type DelugeErrorCode = 'DELUGE_SYNTAX' | 'DELUGE_RUNTIME' | 'DELUGE_LIMIT' | 'DELUGE_TIMEOUT' | 'DELUGE_HTTP';

export interface DelugeDiagnostic {
  code: DelugeErrorCode;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The offending source line followed by a caret line, e.g. `x = ;\n    ^`. */
  excerpt: string;
}

/** A remark on code that is not wrong, e.g. a Books request that will use the default organization. */
export type DelugeHint = Omit<DelugeDiagnostic, 'code'>;

export function lineCol(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, src.length);
  for (let i = 0; i < end; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const MAX_EXCERPT = 120;

export function excerpt(src: string, start: number, end: number): string {
  const s = Math.max(0, Math.min(start, src.length));
  let lineStart = src.lastIndexOf('\n', s - 1) + 1;
  let lineEnd = src.indexOf('\n', s);
  if (lineEnd < 0) lineEnd = src.length;
  let text = src.slice(lineStart, lineEnd).replace(/\r$/, '');
  let caretAt = s - lineStart;
  if (text.length > MAX_EXCERPT) {
    const from = Math.max(0, Math.min(caretAt - 40, text.length - MAX_EXCERPT));
    text = text.slice(from, from + MAX_EXCERPT);
    caretAt -= from;
    lineStart += from;
  }
  const width = Math.max(1, Math.min(end, lineEnd) - s);
  // Tabs stay tabs under the caret so the caret lines up in any tab width.
  const pad = text.slice(0, caretAt).replace(/[^\t]/g, ' ');
  return `${text}\n${pad}${'^'.repeat(Math.min(width, Math.max(1, text.length - caretAt)))}`;
}

export function makeHint(src: string, message: string, start: number, end: number): DelugeHint {
  const a = lineCol(src, start);
  const b = lineCol(src, Math.max(start, end));
  return { message, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, excerpt: excerpt(src, start, end) };
}

export function makeDiagnostic(src: string, code: DelugeErrorCode, message: string, start: number, end: number): DelugeDiagnostic {
  return { code, ...makeHint(src, message, start, end) };
}

/** The one wording for every Creator construct, so people learn it is Creator's, not a typo. */
export function creatorOnly(what: string): string {
  return `${what} is Zoho Creator syntax, not available in Bigin functions`;
}
