/** Token classes for syntax highlighting; shares the interpreter's lexer so both agree on every token. */
import { DELUGE_BUILTINS, DELUGE_KEYWORDS } from './catalog.ts';
import { tokenize } from './lexer.ts';

export type TokenClass =
  'keyword' | 'builtin' | 'method' | 'property' | 'variable' | 'string' | 'number' | 'comment' | 'operator' | 'bracket' | 'invalid';

export interface ClassifiedToken {
  from: number;
  to: number;
  type: TokenClass;
}

const KEYWORDS = new Set(DELUGE_KEYWORDS);
const BUILTINS = new Set(DELUGE_BUILTINS.map((b) => b.name.toLowerCase().split('.')[0] as string));
const BRACKETS = new Set(['(', ')', '{', '}', '[', ']']);

export function classifyTokens(source: string): ClassifiedToken[] {
  const { tokens } = tokenize(source, true);
  const out: ClassifiedToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.kind === 'eof') break;
    let type: TokenClass;
    switch (t.kind) {
      case 'string':
        type = t.unterminated ? 'invalid' : 'string';
        break;
      case 'number':
        type = 'number';
        break;
      case 'comment':
        type = t.unterminated ? 'invalid' : 'comment';
        break;
      case 'bad':
        type = 'invalid';
        break;
      case 'op':
        type = BRACKETS.has(t.value) ? 'bracket' : 'operator';
        break;
      default: {
        const w = t.value.toLowerCase();
        const prev = tokens[i - 1];
        const next = tokens[i + 1];
        if (prev?.kind === 'op' && prev.value === '.') type = next?.kind === 'op' && next.value === '(' ? 'method' : 'property';
        else if (next?.kind === 'op' && next.value === ':' && isInsideTaskBlock(tokens, i)) type = 'property';
        else if (KEYWORDS.has(w)) type = 'keyword';
        else if (BUILTINS.has(w)) type = 'builtin';
        else type = 'variable';
      }
    }
    out.push({ from: t.start, to: t.end, type });
  }
  return out;
}

function isInsideTaskBlock(tokens: ReturnType<typeof tokenize>['tokens'], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j];
    if (t === undefined) return false;
    if (t.kind === 'op' && (t.value === ']' || t.value === ';' || t.value === '{' || t.value === '}')) return false;
    if (t.kind === 'op' && t.value === '[') {
      const before = tokens[j - 1];
      return before?.kind === 'ident' && /^(invokeurl|invokeapi|sendmail)$/i.test(before.value);
    }
  }
  return false;
}
