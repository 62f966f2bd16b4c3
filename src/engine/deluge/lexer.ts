/**
 * Tokeniser. Tolerant by design: it never throws; malformed input yields `bad` tokens and problems the
 * parser turns into diagnostics. The same scanner feeds the editor's highlighter (`classifyTokens`).
 */
export type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'comment' | 'bad' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier/operator text, decoded string contents, or number text. */
  value: string;
  start: number;
  end: number;
  line: number;
  col: number;
  /** `'` for single-quoted text, `"` for double-quoted. */
  quote?: '"' | "'";
  /** Set when a string/comment runs to the end of the input. */
  unterminated?: boolean;
}

export interface LexProblem {
  message: string;
  start: number;
  end: number;
}

const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', '&&', '||', '+=', '-=', '*=', '/=', '%=']);
const ONE_CHAR_OPS = new Set(['+', '-', '*', '/', '%', '=', '<', '>', '!', '(', ')', '{', '}', '[', ']', ',', ';', ':', '.', '&', '|', '?']);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (c > 0x7f && isLetterLike(c));
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isLetterLike(c: number): boolean {
  return /\p{L}/u.test(String.fromCharCode(c));
}
function isSpace(c: number): boolean {
  // NBSP, BOM and the Unicode spaces appear as indentation in scripts pasted from web pages.
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x3000 ||
    c === 0x202f
  );
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '/': '/' };

export interface LexResult {
  tokens: Token[];
  problems: LexProblem[];
}

export function tokenize(src: string, keepComments = false): LexResult {
  const tokens: Token[] = [];
  const problems: LexProblem[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = src.length;

  const push = (kind: TokenKind, value: string, start: number, startLine: number, startCol: number, extra?: Partial<Token>): void => {
    tokens.push({ kind, value, start, end: i, line: startLine, col: startCol, ...extra });
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    const sLine = line;
    const sCol = i - lineStart + 1;
    const next = i + 1 < n ? src.charCodeAt(i + 1) : 0;

    if (c === 47 && next === 47) {
      while (i < n && src.charCodeAt(i) !== 10) i++;
      if (keepComments) push('comment', src.slice(start, i), start, sLine, sCol);
      continue;
    }
    if (c === 47 && next === 42) {
      i += 2;
      let closed = false;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (d === 42 && src.charCodeAt(i + 1) === 47) {
          i += 2;
          closed = true;
          break;
        }
        if (d === 10) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (!closed) problems.push({ message: 'comment opened with /* is never closed with */', start, end: start + 2 });
      if (keepComments) push('comment', src.slice(start, i), start, sLine, sCol, closed ? undefined : { unterminated: true });
      continue;
    }
    if (c === 34 || c === 39) {
      const quote = c === 34 ? '"' : "'";
      i++;
      let out = '';
      let closed = false;
      let segStart = i;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (d === c) {
          out += src.slice(segStart, i);
          i++;
          closed = true;
          break;
        }
        if (d === 92 && i + 1 < n) {
          out += src.slice(segStart, i);
          const e = src[i + 1] ?? '';
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            // Deluge keeps unknown escapes (e.g. "\d" in a regex) as written.
            const mapped = ESCAPES[e];
            out += mapped ?? '\\' + e;
            if (e === '\n') {
              line++;
              lineStart = i + 2;
            }
            i += 2;
          }
          segStart = i;
          continue;
        }
        if (d === 10) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (!closed) {
        out += src.slice(segStart, i);
        problems.push({ message: `text opened with ${quote} is never closed`, start, end: start + 1 });
      }
      push('string', out, start, sLine, sCol, closed ? { quote } : { quote, unterminated: true });
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && next >= 48 && next <= 57)) {
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) === 46 && isDigit(src.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
      }
      if (
        (src.charCodeAt(i) | 32) === 101 &&
        (isDigit(src.charCodeAt(i + 1)) || ((src[i + 1] === '-' || src[i + 1] === '+') && isDigit(src.charCodeAt(i + 2))))
      ) {
        i += 2;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
      }
      // Java-style long/decimal suffixes are accepted and ignored.
      if (i < n && /[lLdDfF]/.test(src[i] ?? '') && !isIdentPart(src.charCodeAt(i + 1))) i++;
      push('number', src.slice(start, i).replace(/[lLdDfF]$/, ''), start, sLine, sCol);
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      push('ident', src.slice(start, i), start, sLine, sCol);
      continue;
    }
    const two = src.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      i += 2;
      push('op', two, start, sLine, sCol);
      continue;
    }
    const one = src[i] ?? '';
    if (ONE_CHAR_OPS.has(one)) {
      i++;
      push('op', one, start, sLine, sCol);
      continue;
    }
    const cp = src.codePointAt(i) ?? c;
    i += cp > 0xffff ? 2 : 1;
    problems.push({ message: `unexpected character ${describeChar(cp)}`, start, end: i });
    push('bad', src.slice(start, i), start, sLine, sCol);
  }
  tokens.push({ kind: 'eof', value: '', start: n, end: n, line, col: n - lineStart + 1 });
  return { tokens, problems };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function describeChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return cp < 32 || cp === 127 ? hex : `'${ch}' (${hex})`;
}
