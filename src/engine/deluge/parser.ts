/**
 * Recursive-descent parser with statement-level error recovery: a broken statement is reported and
 * skipped up to its `;` or the enclosing `}`, so one pass reports every independent error.
 * Keywords, built-ins and names compare case-insensitively, as Zoho's runtime does.
 */
import type { BinaryOp, Expr, FunctionHeader, Program, Span, Stmt, TaskParam } from './ast.ts';
import { creatorOnly, lineCol, makeDiagnostic, type DelugeDiagnostic } from './diagnostics.ts';
import { tokenize, type Token } from './lexer.ts';
import { INVOKEAPI_KEYS, INVOKEURL_KEYS, SENDMAIL_KEYS } from './tasks-http.ts';

export const DEFAULT_MAX_DEPTH = 200;
const MAX_DIAGNOSTICS = 50;
const MAX_CHAIN = 1000;

class ParseError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const BINARY_PREC: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  in: 4,
  'not in': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=';
const ASSIGN_OPS = new Set<string>(['=', '+=', '-=', '*=', '/=', '%=']);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
type TaskName = 'invokeurl' | 'invokeapi' | 'sendmail';
const TASK_KEYS: Record<TaskName, ReadonlySet<string>> = {
  invokeurl: new Set<string>(INVOKEURL_KEYS),
  invokeapi: new Set<string>(INVOKEAPI_KEYS),
  sendmail: new Set<string>(SENDMAIL_KEYS),
};
/** Keys whose value may be a list of addresses (https://www.zoho.com/creator/help/script/fetch-and-email.html). */
const ADDRESS_KEYS = new Set(['to', 'cc', 'bcc', 'reply-to']);
/** Attachment kinds of sendmail: `file:<variable>`, `template:<name>:<module> record:<id> as PDF`, `view:<name> … as PDF`. */
const ATTACHMENT_KINDS = new Set(['file', 'template', 'view', 'report']);
/** Dotted names that are values, not calls (`zoho.currenttime`). */
export const ZOHO_PROPERTIES = new Set([
  'zoho.currenttime',
  'zoho.currentdate',
  'zoho.loginuser',
  'zoho.loginuserid',
  'zoho.adminuser',
  'zoho.adminuserid',
]);
const NAMESPACE_ROOTS = new Set(['zoho', 'standalone', 'automation', 'thisapp', 'button', 'schedule', 'validation_rule', 'related_list', 'crm']);
const CREATOR_ONLY = new Map([
  ['insert', 'insert into'],
  ['delete', 'delete from'],
  ['hide', 'hide'],
  ['show', 'show'],
  ['openurl', 'openUrl'],
  ['alert', 'alert'],
  ['cancel', 'cancel submit'],
  ['disable', 'disable'],
  ['enable', 'enable'],
  ['clear', 'clear'],
]);

/** Text spanning lines whose later lines look like statements (`x = …`, `…;`, `if (`, `info …`). */
function swallowsCode(text: string): boolean {
  const lines = text.split('\n').slice(1);
  return lines.some((l) => /;\s*$/.test(l) || /^\s*[A-Za-z_]\w*\s*(?:=[^=]|\.\w+\s*\()/.test(l) || /^\s*(?:if|for|info|return)\b/.test(l));
}

export interface ParseResult {
  program: Program;
  errors: DelugeDiagnostic[];
}

export function parse(source: string, maxDepth = DEFAULT_MAX_DEPTH): ParseResult {
  const p = new Parser(source, maxDepth);
  return p.parseProgram();
}

class Parser {
  private readonly toks: Token[];
  private pos = 0;
  private depth = 0;
  /** Inside an `if`/`else if` condition a single `=` compares: Deluge has no assignment expressions. */
  private conditionDepth = 0;
  readonly errors: DelugeDiagnostic[] = [];
  /** Source offset at which each error was noticed, in the order reported. */
  private readonly errorStarts: number[] = [];

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
  ) {
    const lexed = tokenize(src);
    this.toks = lexed.tokens;
    for (const p of lexed.problems) this.report(p.message, p.start, p.end);
  }

  parseProgram(): ParseResult {
    let header: FunctionHeader | null = null;
    let body: Stmt[] = [];
    if (this.looksLikeHeader()) {
      try {
        header = this.parseHeader();
        body = this.parseBlock('the function body');
      } catch (e) {
        this.recover(e);
      }
      while (this.peek().kind !== 'eof') {
        const t = this.peek();
        if (this.looksLikeHeader()) {
          this.report('only one function per script: a second function header starts here', t.start, t.end);
        } else {
          this.report(`unexpected ${this.describe(t)} after the end of the function`, t.start, t.end);
        }
        break;
      }
    } else {
      body = this.parseStatements(true);
    }
    this.blameRunawayText();
    return { program: { source: this.src, header, body }, errors: this.inNoticedOrder() };
  }

  // ---- tokens -------------------------------------------------------------------------------

  private peek(o = 0): Token {
    return this.toks[Math.min(this.pos + o, this.toks.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private prev(): Token {
    return this.toks[Math.max(0, this.pos - 1)] as Token;
  }
  private isOp(v: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind === 'op' && t.value === v;
  }
  private isWord(w: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind === 'ident' && t.value.toLowerCase() === w;
  }
  private expectOp(v: string, context: string): Token {
    const t = this.peek();
    if (t.kind === 'op' && t.value === v) return this.next();
    throw this.errorAt(t, `expected '${v}' ${context}, found ${this.describe(t)}`);
  }
  private expectIdent(context: string): Token {
    const t = this.peek();
    if (t.kind === 'ident') return this.next();
    throw this.errorAt(t, `expected a name ${context}, found ${this.describe(t)}`);
  }
  private describe(t: Token): string {
    switch (t.kind) {
      case 'eof':
        return 'the end of the script';
      case 'string':
        return 'text ' + JSON.stringify(t.value.length > 30 ? t.value.slice(0, 30) + '…' : t.value);
      case 'number':
        return `number ${t.value}`;
      case 'ident':
        return `'${t.value}'`;
      default:
        return `'${t.value}'`;
    }
  }
  private errorAt(t: Token, message: string): ParseError {
    return new ParseError(message, t.start, Math.max(t.end, t.start + 1));
  }
  private report(message: string, start: number, end: number): void {
    if (this.errors.length >= MAX_DIAGNOSTICS) return;
    this.errors.push(makeDiagnostic(this.src, 'DELUGE_SYNTAX', message, start, end));
    // Where the parser was when it noticed: an unclosed '{' is reported where it opened, but found late.
    this.errorStarts.push(Math.max(start, this.peek().start));
  }

  /**
   * Errors in the order the parser came upon them, so the first is the first thing that went wrong:
   * a text left open at the end of the script is usually the echo of an earlier mistake.
   */
  private inNoticedOrder(): DelugeDiagnostic[] {
    return this.errors
      .map((e, i) => ({ e, at: this.errorStarts[i] ?? 0, i }))
      .sort((a, b) => a.at - b.at || a.i - b.i)
      .map((x) => x.e);
  }

  /**
   * A missing `"` makes the text run on into the next lines and the parser fail there, far from
   * the mistake. When text that spans lines swallows code-looking lines and the first error comes
   * on the line where it stops, that text is the mistake: report it where it opens and drop the
   * errors it caused.
   */
  private blameRunawayText(): void {
    if (this.errors.length === 0) return;
    const firstError = Math.min(...this.errorStarts);
    let culprit: Token | undefined;
    for (const t of this.toks) {
      if (t.start > firstError) break;
      if (t.kind === 'string' && (t.unterminated === true || swallowsCode(this.src.slice(t.start, t.end)))) culprit = t;
    }
    if (culprit === undefined) return;
    const endLine = culprit.line + (this.src.slice(culprit.start, culprit.end).match(/\n/g) ?? []).length;
    // Swallowed code breaks the parse right where the runaway text stops; an error further on is its own.
    const stopsAtError = culprit.start === firstError || lineCol(this.src, firstError).line === endLine;
    if (culprit.unterminated !== true && !stopsAtError) return;
    const quote = culprit.quote ?? '"';
    const kept = this.errors.filter((_, i) => (this.errorStarts[i] ?? 0) < culprit.start);
    const message =
      culprit.unterminated === true
        ? `text opened with ${quote} at line ${culprit.line} is never closed (is a closing ${quote} missing?)`
        : `text opened with ${quote} at line ${culprit.line} is not closed on that line: it runs on to line ${endLine} and takes the code there as text (is a closing ${quote} missing, or one too many?)`;
    const keptStarts = this.errorStarts.filter((at) => at < culprit.start);
    this.errors.length = 0;
    this.errorStarts.length = 0;
    this.errors.push(...kept, makeDiagnostic(this.src, 'DELUGE_SYNTAX', message, culprit.start, culprit.start + 1));
    this.errorStarts.push(...keptStarts, culprit.start);
  }
  private span(t: Token): Span {
    return { start: t.start, end: t.end, line: t.line, col: t.col };
  }
  private finish<T extends Span>(node: T): T {
    node.end = this.prev().end;
    return node;
  }
  private enter(t: Token): void {
    if (++this.depth > this.maxDepth) throw this.errorAt(t, `nesting is deeper than ${this.maxDepth} levels`);
  }

  private recover(e: unknown): void {
    if (!(e instanceof ParseError)) throw e;
    this.report(e.message, e.start, e.end);
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'op') {
        if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
        else if (t.value === ')' || t.value === ']') depth = Math.max(0, depth - 1);
        else if (t.value === '}') {
          if (depth === 0) return;
          depth--;
        } else if (t.value === ';' && depth === 0) {
          this.next();
          return;
        }
      }
      this.next();
    }
  }

  // ---- function header ------------------------------------------------------------------------

  private looksLikeHeader(): boolean {
    let o = 0;
    const name = (): boolean => this.peek(o).kind === 'ident';
    if (!name()) return false;
    if (this.isWord('if') || this.isWord('for') || this.isWord('info') || this.isWord('return')) return false;
    o++;
    if (this.peek(o).kind === 'ident') o++;
    while (this.isOp('.', o) && this.peek(o + 1).kind === 'ident') o += 2;
    if (!this.isOp('(', o)) return false;
    o++;
    if (!this.isOp(')', o)) {
      for (;;) {
        if (this.peek(o).kind !== 'ident' || this.peek(o + 1).kind !== 'ident') return false;
        o += 2;
        if (this.isOp(',', o)) {
          o++;
          continue;
        }
        break;
      }
      if (!this.isOp(')', o)) return false;
    }
    return this.isOp('{', o + 1);
  }

  private parseHeader(): FunctionHeader {
    const parts: string[] = [];
    let returnType: string | null = null;
    const first = this.next().value;
    if (this.peek().kind === 'ident') returnType = first;
    else parts.push(first);
    if (returnType !== null) parts.push(this.next().value);
    while (this.isOp('.')) {
      this.next();
      parts.push(this.next().value);
    }
    this.expectOp('(', 'after the function name');
    const params: FunctionHeader['params'] = [];
    while (!this.isOp(')')) {
      const type = this.expectIdent('(parameter type)').value;
      const pname = this.expectIdent('(parameter name)').value;
      params.push({ type, name: pname });
      if (!this.isOp(')')) this.expectOp(',', 'between parameters');
    }
    this.next();
    return { returnType, name: parts.join('.'), params };
  }

  // ---- statements ---------------------------------------------------------------------------

  private parseStatements(topLevel: boolean): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'op' && t.value === '}') {
        if (!topLevel) break;
        this.report("unexpected '}': there is no open block to close", t.start, t.end);
        this.next();
        continue;
      }
      const before = this.pos;
      try {
        this.parseStatement(out);
      } catch (e) {
        this.recover(e);
      }
      if (this.pos === before) this.next();
      if (this.errors.length >= MAX_DIAGNOSTICS) break;
    }
    return out;
  }

  private parseBlock(what: string): Stmt[] {
    const open = this.peek();
    if (!this.isOp('{')) throw this.errorAt(open, `expected '{' to start ${what}, found ${this.describe(open)}`);
    this.enter(open);
    this.next();
    const body = this.parseStatements(false);
    if (!this.isOp('}')) {
      this.depth--;
      throw new ParseError(`the '{' opened at line ${open.line} is never closed with '}'`, open.start, open.end);
    }
    this.next();
    this.depth--;
    return body;
  }

  private endStatement(): void {
    if (this.isOp(';')) {
      this.next();
      return;
    }
    const t = this.peek();
    const prev = this.prev();
    if (t.kind === 'eof' || t.line > prev.line || (t.kind === 'op' && t.value === '}')) {
      // Report and go on as if the ';' were there; the next line usually parses fine.
      this.report(`expected ';' at the end of the statement`, prev.end, prev.end + 1);
      return;
    }
    throw this.errorAt(t, `expected ';' at the end of the statement, found ${this.describe(t)}`);
  }

  private parseStatement(out: Stmt[]): void {
    const t = this.peek();
    if (t.kind === 'op' && t.value === ';') {
      this.next();
      return;
    }
    if (t.kind === 'op' && t.value === '{') {
      out.push(...this.parseBlock('a block'));
      return;
    }
    if (t.kind === 'ident') {
      const w = t.value.toLowerCase();
      const nextIsAssign = this.peek(1).kind === 'op' && ASSIGN_OPS.has(this.peek(1).value);
      if (!nextIsAssign) {
        switch (w) {
          case 'if':
            if (this.isOp('(', 1)) {
              out.push(this.parseIf());
              return;
            }
            break;
          case 'for':
            out.push(this.parseFor());
            return;
          case 'break':
          case 'continue': {
            this.next();
            const node = this.finish({ k: w, ...this.span(t) } as Stmt);
            this.endStatement();
            out.push(node);
            return;
          }
          case 'return': {
            this.next();
            const value = this.isOp(';') || this.isOp('}') || this.peek().kind === 'eof' ? null : this.parseExpr();
            const node = this.finish<Stmt>({ k: 'return', value, ...this.span(t) });
            this.endStatement();
            out.push(node);
            return;
          }
          case 'info': {
            this.next();
            const value = this.parseExpr();
            const node = this.finish<Stmt>({ k: 'info', value, ...this.span(t) });
            this.endStatement();
            out.push(node);
            return;
          }
          case 'try':
            out.push(this.parseTry());
            return;
          case 'while':
          case 'do':
            if (this.isOp('(', 1) || this.isOp('{', 1)) throw this.errorAt(t, `'${t.value}' loops do not exist in Deluge; use 'for each'`);
            break;
          case 'else':
            throw this.errorAt(t, "'else' without a matching 'if'");
          case 'catch':
            throw this.errorAt(t, "'catch' without a matching 'try'");
          case 'input':
            // input.Field = … assigns a Creator form field; input.Field.method(…) is an ordinary call.
            if (this.isOp('.', 1) && this.peek(2).kind === 'ident' && this.peek(3).kind === 'op' && ASSIGN_OPS.has(this.peek(3).value)) {
              throw this.errorAt(t, creatorOnly(`assigning input.${this.peek(2).value}`));
            }
            break;
          default: {
            const creator = CREATOR_ONLY.get(w);
            if (creator !== undefined && this.creatorStatementFollows(w)) {
              throw this.errorAt(t, creatorOnly(`'${creator}'`));
            }
          }
        }
      } else {
        this.next();
        const op = this.next().value as AssignOp;
        const value = this.parseExpr();
        const node = this.finish<Stmt>({ k: 'assign', name: t.value.toLowerCase(), display: t.value, op, value, ...this.span(t) });
        this.endStatement();
        out.push(node);
        return;
      }
    }
    const expr = this.parseExpr();
    if (this.isOp('=')) {
      if (expr.k === 'prop')
        throw new ParseError(creatorOnly(`assigning a record field (${this.src.slice(expr.start, expr.end)} = …)`), expr.start, expr.end);
      throw this.errorAt(this.peek(), 'only a variable name can stand on the left of =');
    }
    const node = this.finish<Stmt>({ k: 'expr', expr, ...this.span(t) });
    // The Deluge editor writes `sendmail [ … ]` without a closing ';'.
    if (expr.k === 'invoke' && expr.task === 'sendmail' && !this.isOp(';')) {
      out.push(node);
      return;
    }
    this.endStatement();
    out.push(node);
  }

  private creatorStatementFollows(w: string): boolean {
    const n = this.peek(1);
    switch (w) {
      case 'insert':
        return n.kind === 'ident' && n.value.toLowerCase() === 'into';
      case 'delete':
        return n.kind === 'ident' && n.value.toLowerCase() === 'from';
      case 'cancel':
        return n.kind === 'ident' && n.value.toLowerCase() === 'submit';
      default:
        return n.kind === 'ident' || n.kind === 'string';
    }
  }

  private parseIf(): Stmt {
    const t = this.next();
    const branches: Array<{ cond: Expr; body: Stmt[] }> = [];
    let otherwise: Stmt[] | null = null;
    branches.push({ cond: this.parseCondition('if'), body: this.parseBlock("the 'if' block") });
    while (this.isWord('else')) {
      this.next();
      if (this.isWord('if')) {
        this.next();
        branches.push({ cond: this.parseCondition('else if'), body: this.parseBlock("the 'else if' block") });
      } else {
        otherwise = this.parseBlock("the 'else' block");
        break;
      }
    }
    return this.finish<Stmt>({ k: 'if', branches, otherwise, ...this.span(t) });
  }

  private parseCondition(what: string): Expr {
    this.expectOp('(', `after '${what}'`);
    this.conditionDepth++;
    try {
      const cond = this.parseExpr();
      this.expectOp(')', `to close the '${what}' condition`);
      return cond;
    } finally {
      this.conditionDepth--;
    }
  }

  private parseFor(): Stmt {
    const t = this.next();
    if (!this.isWord('each'))
      throw this.errorAt(this.peek(), `expected 'each' after 'for' (Deluge loops are 'for each x in list'), found ${this.describe(this.peek())}`);
    this.next();
    let index = false;
    if (this.isWord('index') && this.peek(1).kind === 'ident' && !this.isWord('in', 1)) {
      this.next();
      index = true;
    }
    const v = this.expectIdent("after 'for each'");
    if (!this.isWord('in')) throw this.errorAt(this.peek(), `expected 'in' after 'for each ${v.value}', found ${this.describe(this.peek())}`);
    this.next();
    const iter = this.parseExpr();
    const body = this.parseBlock("the 'for each' body");
    return this.finish<Stmt>({ k: 'foreach', name: v.value.toLowerCase(), display: v.value, index, iter, body, ...this.span(t) });
  }

  private parseTry(): Stmt {
    const t = this.next();
    const body = this.parseBlock("the 'try' block");
    if (!this.isWord('catch')) throw this.errorAt(this.peek(), `expected 'catch' after the 'try' block, found ${this.describe(this.peek())}`);
    this.next();
    let errName: string | null = null;
    if (this.isOp('(')) {
      this.next();
      errName = this.expectIdent("in 'catch ( )'").value.toLowerCase();
      this.expectOp(')', "to close 'catch ('");
    }
    const handler = this.parseBlock("the 'catch' block");
    return this.finish<Stmt>({ k: 'try', body, errName, handler, ...this.span(t) });
  }

  // ---- expressions --------------------------------------------------------------------------

  parseExpr(minPrec = 1): Expr {
    const first = this.peek();
    this.enter(first);
    let left = this.parseUnary();
    let operators = 0;
    for (;;) {
      const t = this.peek();
      const op = this.binaryOperator(t);
      if (op === null) break;
      const prec = BINARY_PREC[op];
      if (prec === undefined || prec < minPrec) break;
      // Each operator deepens the tree by one level, so long chains count against the depth limit.
      if (++operators + this.depth > MAX_CHAIN) throw this.errorAt(t, `expression has more than ${MAX_CHAIN} operators in a row`);
      this.next();
      if (op === 'not in') this.next();
      const right = this.parseExpr(prec + 1);
      const span = { start: left.start, end: right.end, line: t.line, col: t.col };
      left = op === '&&' || op === '||' ? { k: 'logical', op, left, right, ...span } : { k: 'binary', op: op as BinaryOp, left, right, ...span };
    }
    this.depth--;
    return left;
  }

  private binaryOperator(t: Token): string | null {
    // Published scripts write `if(size(list) = 1)`; in a condition that can only mean `==`.
    if (t.kind === 'op') return t.value === '=' && this.conditionDepth > 0 ? '==' : t.value;
    if (t.kind !== 'ident') return null;
    // List operators: https://www.zoho.com/creator/newhelp/script/operators.html
    const w = t.value.toLowerCase();
    if (w === 'in') return 'in';
    return w === 'not' && this.isWord('in', 1) ? 'not in' : null;
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '-' || t.value === '!' || t.value === '+')) {
      this.next();
      this.enter(t);
      const arg = this.parseUnary();
      this.depth--;
      if (t.value === '+') return arg;
      if (t.value === '-' && arg.k === 'lit' && typeof arg.value === 'number') return { ...arg, value: -arg.value, start: t.start, col: t.col };
      return { k: 'unary', op: t.value, arg, ...this.span(t), end: arg.end };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(e: Expr): Expr {
    let expr = e;
    for (;;) {
      if (this.isOp('.')) {
        const dot = this.next();
        const name = this.peek();
        if (name.kind !== 'ident') throw this.errorAt(name, `expected a method name after '.', found ${this.describe(name)}`);
        this.next();
        if (this.isOp('(')) {
          const args = this.parseArgs();
          expr = {
            k: 'method',
            target: expr,
            name: name.value.toLowerCase(),
            display: name.value,
            args,
            start: expr.start,
            end: this.prev().end,
            line: dot.line,
            col: name.col,
          };
        } else {
          expr = {
            k: 'prop',
            target: expr,
            name: name.value.toLowerCase(),
            display: name.value,
            start: expr.start,
            end: name.end,
            line: name.line,
            col: name.col,
          };
        }
        continue;
      }
      if (this.isOp('[') && expr.k === 'var' && this.peek().start === expr.end) {
        throw this.errorAt(this.peek(), creatorOnly(`the form fetch ${expr.display}[criteria]`));
      }
      return expr;
    }
  }

  /**
   * Arguments; `key: value` pairs (Collection's `insert("k":v)`, `Collection("a":1, "b":2)`) are
   * gathered into one Map argument, as a `{…}` literal would be.
   */
  private parseArgs(): Expr[] {
    const open = this.expectOp('(', 'to start the arguments');
    const args: Expr[] = [];
    let pairs: (Expr & { k: 'map' }) | null = null;
    while (!this.isOp(')')) {
      if (this.peek().kind === 'eof') throw new ParseError(`the '(' at line ${open.line} is never closed with ')'`, open.start, open.end);
      const arg = this.parseExpr();
      if (this.isOp(':')) {
        this.next();
        const entry: [Expr, Expr] = [arg, this.parseExpr()];
        if (pairs) pairs.entries.push(entry);
        else args.push((pairs = { k: 'map', entries: [entry], pairs: true, start: arg.start, end: arg.end, line: arg.line, col: arg.col }));
        pairs.end = this.prev().end;
      } else {
        args.push(arg);
      }
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      if (!this.isOp(')')) throw this.errorAt(this.peek(), `expected ',' or ')' in the argument list, found ${this.describe(this.peek())}`);
    }
    this.next();
    return args;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number': {
        this.next();
        return t.value.includes('.')
          ? { k: 'lit', value: Number(t.value), decimal: true, ...this.span(t) }
          : { k: 'lit', value: Number(t.value), ...this.span(t) };
      }
      case 'string':
        this.next();
        return { k: 'lit', value: t.value, ...this.span(t) };
      case 'ident':
        return this.parseNameExpr();
      case 'op':
        if (t.value === '(') {
          this.next();
          const inner = this.parseExpr();
          this.expectOp(')', `to close the '(' at line ${t.line}`);
          return inner;
        }
        if (t.value === '{') return this.parseBraceLiteral();
        if (t.value === '[') return this.parseBracketList();
        break;
      case 'bad':
        break;
      case 'eof':
        throw this.errorAt(t, 'expected a value, found the end of the script');
      default:
        break;
    }
    throw this.errorAt(t, `expected a value, found ${this.describe(t)}`);
  }

  private parseNameExpr(): Expr {
    const t = this.next();
    const w = t.value.toLowerCase();
    const span = this.span(t);
    if (w === 'true' || w === 'false') return { k: 'lit', value: w === 'true', ...span };
    if (w === 'null') return { k: 'lit', value: null, ...span };
    if (w === 'if' && this.isOp('(')) {
      const args = this.parseArgs();
      if (args.length !== 3)
        throw new ParseError(`if(...) used as a value takes 3 arguments (condition, then, else), found ${args.length}`, t.start, this.prev().end);
      const [cond, a, b] = args as [Expr, Expr, Expr];
      return this.finish<Expr>({ k: 'ifexpr', cond, then: a, else: b, ...span });
    }
    if ((w === 'invokeurl' || w === 'invokeapi' || w === 'sendmail') && this.isOp('[')) return this.parseTaskBlock(t, w);
    if (NAMESPACE_ROOTS.has(w) && this.isOp('.') && this.peek(1).kind === 'ident') {
      let name = w;
      let display = t.value;
      while (this.isOp('.') && this.peek(1).kind === 'ident') {
        if (ZOHO_PROPERTIES.has(name)) break;
        this.next();
        const part = this.next();
        name += '.' + part.value.toLowerCase();
        display += '.' + part.value;
        if (this.isOp('(')) break;
      }
      if (this.isOp('(')) return this.finish<Expr>({ k: 'call', name, display, args: this.parseArgs(), ...span });
      return { k: 'global', name, display, ...span, end: this.prev().end };
    }
    if (this.isOp('(')) return this.finish<Expr>({ k: 'call', name: w, display: t.value, args: this.parseArgs(), ...span });
    return { k: 'var', name: w, display: t.value, ...span };
  }

  private parseBraceLiteral(): Expr {
    const open = this.next();
    this.enter(open);
    const span = this.span(open);
    if (this.isOp('}')) {
      this.next();
      this.depth--;
      return this.finish<Expr>({ k: 'map', entries: [], ...span });
    }
    const first = this.parseExpr();
    let result: Expr;
    if (this.isOp(':')) {
      this.next();
      const entries: Array<[Expr, Expr]> = [[first, this.parseExpr()]];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        const key = this.parseExpr();
        this.expectOp(':', 'between a key and its value in a map literal');
        entries.push([key, this.parseExpr()]);
      }
      result = { k: 'map', entries, ...span };
    } else {
      const items = [first];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        items.push(this.parseExpr());
      }
      result = { k: 'list', items, ...span };
    }
    if (!this.isOp('}')) {
      const t = this.peek();
      if (t.kind === 'eof') throw new ParseError(`the '{' at line ${open.line} is never closed with '}'`, open.start, open.end);
      throw this.errorAt(t, `expected ',' or '}' in the ${result.k === 'map' ? 'map' : 'list'} literal, found ${this.describe(t)}`);
    }
    this.next();
    this.depth--;
    return this.finish(result);
  }

  private parseBracketList(): Expr {
    const open = this.next();
    this.enter(open);
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      if (this.peek().kind === 'eof') throw new ParseError(`the '[' at line ${open.line} is never closed with ']'`, open.start, open.end);
      items.push(this.parseExpr());
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      if (!this.isOp(']')) throw this.errorAt(this.peek(), `expected ',' or ']' in the list literal, found ${this.describe(this.peek())}`);
    }
    this.next();
    this.depth--;
    return this.finish<Expr>({ k: 'list', items, ...this.span(open) });
  }

  /** `invokeurl [ key: value … ]`: keys may contain '-', values end at the next key or ']'. */
  private parseTaskBlock(t: Token, task: TaskName): Expr {
    const open = this.next();
    const params: TaskParam[] = [];
    const seen = new Set<string>();
    const expected = `(one of: ${[...TASK_KEYS[task]].map((k) => (task === 'sendmail' ? k.replace('-', ' ') : k)).join(', ')})`;
    while (!this.isOp(']')) {
      const k = this.peek();
      if (k.kind === 'eof') throw new ParseError(`the '[' of ${task} at line ${open.line} is never closed with ']'`, open.start, open.end);
      if (k.kind !== 'ident') throw this.errorAt(k, `expected a ${task} attribute ${expected}, found ${this.describe(k)}`);
      let key = this.next().value.toLowerCase();
      // Zoho's editor writes `content type :HTML` and `reply to :` in sendmail blocks.
      if ((key === 'content' || key === 'reply') && this.peek().kind === 'ident' && this.isOp(':', 1)) key += '-' + this.next().value.toLowerCase();
      while (this.isOp('-') && this.peek(1).kind === 'ident' && this.peek().start === this.prev().end) {
        this.next();
        key += '-' + this.next().value.toLowerCase();
      }
      if (!TASK_KEYS[task].has(key)) throw this.errorAt(k, `unknown ${task} attribute '${key}' ${expected}`);
      this.expectOp(':', `after '${key}' in ${task}`);
      if (seen.has(key)) throw this.errorAt(k, `'${key}' is given twice in ${task}`);
      seen.add(key);
      let value: Expr;
      if (task === 'sendmail' && key === 'attachments') value = this.parseAttachments();
      else if (task === 'sendmail' && ADDRESS_KEYS.has(key)) value = this.parseAddresses();
      else value = this.parseTaskValue(key);
      params.push({ key, value, ...this.span(k), end: value.end });
      if (this.isOp(',')) this.next();
    }
    this.next();
    return this.finish<Expr>({ k: 'invoke', task, params, ...this.span(t) });
  }

  /** True when `key:` (an attribute of the task block) starts at the current token. */
  private atTaskKey(): boolean {
    return this.peek().kind === 'ident' && (this.isOp(':', 1) || (this.peek(1).kind === 'ident' && this.isOp(':', 2)));
  }

  /** `to: a, b` lists addresses; a comma before the next `key:` only separates attributes. */
  private parseAddresses(): Expr {
    const first = this.parseExpr();
    const items = [first];
    while (this.isOp(',') && !this.isOp(']', 1)) {
      const save = this.pos;
      this.next();
      if (this.atTaskKey()) {
        this.pos = save;
        break;
      }
      items.push(this.parseExpr());
    }
    if (items.length === 1) return first;
    return { k: 'list', items, start: first.start, end: this.prev().end, line: first.line, col: first.col };
  }

  /**
   * `Attachments: file: a, file: b`, `template: <name>:<module> record: <id> as PDF`,
   * `view: <name> [query: <criteria>] as PDF` (https://www.zoho.com/creator/help/script/fetch-and-email.html).
   * The files' values are kept; sendmail itself is refused at run time.
   */
  private parseAttachments(): Expr {
    const items: Expr[] = [];
    const first = this.peek();
    for (;;) {
      const kind = this.peek();
      const name = kind.kind === 'ident' ? kind.value.toLowerCase() : '';
      if (!ATTACHMENT_KINDS.has(name) || !this.isOp(':', 1)) {
        throw this.errorAt(
          kind,
          `expected an attachment such as 'file: <variable>' or 'template: <name>:<module> record: <id> as PDF', found ${this.describe(kind)}`,
        );
      }
      this.next();
      this.next();
      items.push(this.parseExpr());
      if (name === 'template' && this.isOp(':')) {
        this.next();
        this.parseExpr();
      }
      while (this.peek().kind === 'ident' && this.isOp(':', 1) && /^(record|query)$/i.test(this.peek().value)) {
        this.next();
        this.next();
        this.parseExpr();
      }
      if (this.isWord('as') && this.peek(1).kind === 'ident') {
        this.next();
        this.next();
      }
      if (!(this.isOp(',') && this.peek(1).kind === 'ident' && ATTACHMENT_KINDS.has(this.peek(1).value.toLowerCase()) && this.isOp(':', 2))) break;
      this.next();
    }
    return { k: 'list', items, start: first.start, end: this.prev().end, line: first.line, col: first.col };
  }

  private parseTaskValue(key: string): Expr {
    const v = this.peek();
    if (key === 'type' && v.kind === 'ident' && HTTP_METHODS.has(v.value.toLowerCase()) && !this.isOp('.', 1)) {
      this.next();
      return { k: 'lit', value: v.value.toUpperCase(), ...this.span(v) };
    }
    if ((key === 'content-type' || key === 'response-format' || key === 'response-decoding') && v.kind === 'ident') {
      // Bare media types (`content-type: application/json`) run to the end of the line.
      const line = v.line;
      let end = v.end;
      this.next();
      while (this.peek().kind !== 'eof' && this.peek().line === line && !this.isOp(']')) end = this.next().end;
      return { k: 'lit', value: this.src.slice(v.start, end).trim(), ...this.span(v), end };
    }
    return this.parseExpr();
  }
}
