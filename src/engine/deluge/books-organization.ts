/**
 * Books requests that name no organization. Books then answers for the connection's default
 * organization, as the Bigin article's search call shows; the editor says so as a hint while the
 * script is written and the run says so at the request line. Both take their words from here.
 */
import type { Expr, Program, Stmt } from './ast.ts';
import { makeHint, type DelugeHint } from './diagnostics.ts';

/** Books API roots: the current www.zohoapis.{dc}/books/v3 and the legacy books.zoho.{dc}/api/v3. */
const BOOKS_API = /^https?:\/\/(?:www\.zohoapis\.[a-z.]+\/books\/v3|books\.zoho\.[a-z.]+\/api\/v3)(?:[/?#]|$)/i;
const ORGANIZATION_HEADER = 'x-com-zoho-books-organizationid';

export const BOOKS_DEFAULT_ORGANIZATION_NOTE =
  'no organization_id: Zoho Books will use the default organization of the Books connection. To name one, add organization_id=<your organization id> to the URL (or the parameters map)';

export function isBooksUrl(url: string): boolean {
  return BOOKS_API.test(url.trim());
}

/** At run time: a Books request whose URL, headers and form body all leave the organization out. */
export function namesNoOrganization(url: string, headers: Record<string, string>, body: string | undefined): boolean {
  if (!isBooksUrl(url) || /[?&]organization_id=/i.test(url)) return false;
  if (Object.keys(headers).some((h) => h.toLowerCase() === ORGANIZATION_HEADER)) return false;
  return !(body !== undefined && /(?:^|&)organization_id=/i.test(body));
}

/** The literal text pieces of `"https://…" + id + "?…"`, or null when it does not start with text. */
function literalPieces(e: Expr): string[] | null {
  if (e.k === 'lit') return typeof e.value === 'string' ? [e.value] : null;
  if (e.k === 'binary' && e.op === '+') {
    const left = literalPieces(e.left);
    if (left === null) return null;
    const right = e.right.k === 'lit' && typeof e.right.value === 'string' ? [e.right.value] : (literalPieces(e.right) ?? []);
    return [...left, ...right];
  }
  return null;
}

function mentionsOrganization(text: string): boolean {
  return /organization_?id|x-com-zoho-books-organizationid/i.test(text);
}

/** Whether the script names the organization some other way: a `put(…)` or `{…: …}` key of a parameters or headers map. */
function sourceNamesOrganization(source: string): boolean {
  return /(?:\.put\s*\(\s*|[{,]\s*)["'](?:organization_id|x-com-zoho-books-organizationid)["']/i.test(source);
}

function exprChildren(e: Expr): Expr[] {
  switch (e.k) {
    case 'call':
      return e.args;
    case 'method':
      return [e.target, ...e.args];
    case 'prop':
      return [e.target];
    case 'unary':
      return [e.arg];
    case 'binary':
    case 'logical':
      return [e.left, e.right];
    case 'ifexpr':
      return [e.cond, e.then, e.else];
    case 'map':
      return e.entries.flat();
    case 'list':
      return e.items;
    case 'invoke':
      return e.params.map((p) => p.value);
    default:
      return [];
  }
}

function stmtExprs(s: Stmt): { exprs: Expr[]; blocks: Stmt[][] } {
  switch (s.k) {
    case 'assign':
      return { exprs: [s.value], blocks: [] };
    case 'expr':
      return { exprs: [s.expr], blocks: [] };
    case 'info':
      return { exprs: [s.value], blocks: [] };
    case 'return':
      return { exprs: s.value === null ? [] : [s.value], blocks: [] };
    case 'if':
      return { exprs: s.branches.map((b) => b.cond), blocks: [...s.branches.map((b) => b.body), ...(s.otherwise === null ? [] : [s.otherwise])] };
    case 'foreach':
      return { exprs: [s.iter], blocks: [s.body] };
    case 'try':
      return { exprs: [], blocks: [s.body, s.handler] };
    default:
      return { exprs: [], blocks: [] };
  }
}

/** The Books call in `e` (an invokeurl/invokeapi URL or a zoho.books task) that names no organization. */
function unnamedOrganization(e: Expr, source: string): Expr | null {
  if (e.k === 'invoke' && e.task !== 'sendmail') {
    const attr = (key: string) => e.params.find((p) => p.key === key)?.value;
    const target = e.task === 'invokeurl' ? attr('url') : attr('path');
    if (target === undefined) return null;
    const pieces = literalPieces(target);
    if (pieces === null || pieces.some(mentionsOrganization) || sourceNamesOrganization(source)) return null;
    if (e.task === 'invokeurl') return isBooksUrl(pieces[0] ?? '') ? target : null;
    const service = attr('service');
    const isBooks = service?.k === 'lit' && typeof service.value === 'string' && /^(zoho)?books$/i.test(service.value.trim());
    return isBooks ? target : null;
  }
  if (e.k === 'call' && e.name.startsWith('zoho.books.')) {
    const org = e.args[1];
    return org?.k === 'lit' && org.value === '' ? org : null;
  }
  return null;
}

export function booksOrganizationHints(program: Program): DelugeHint[] {
  const hints: DelugeHint[] = [];
  const visitExpr = (e: Expr): void => {
    const at = unnamedOrganization(e, program.source);
    if (at !== null) hints.push(makeHint(program.source, BOOKS_DEFAULT_ORGANIZATION_NOTE, at.start, at.end));
    for (const c of exprChildren(e)) visitExpr(c);
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      const { exprs, blocks } = stmtExprs(s);
      exprs.forEach(visitExpr);
      blocks.forEach(visit);
    }
  };
  visit(program.body);
  return hints;
}
