/** Syntax tree. Every node carries its source span for diagnostics and runtime errors. */
export interface Span {
  start: number;
  end: number;
  line: number;
  col: number;
}

export type LiteralValue = string | number | boolean | null;

export type Expr =
  | (Span & { k: 'lit'; value: LiteralValue; /** A number written with a decimal point (`2.0`). */ decimal?: true })
  | (Span & { k: 'var'; name: string; display: string })
  | (Span & { k: 'call'; name: string; display: string; args: Expr[] })
  | (Span & { k: 'global'; name: string; display: string })
  | (Span & { k: 'method'; target: Expr; name: string; display: string; args: Expr[] })
  | (Span & { k: 'prop'; target: Expr; name: string; display: string })
  | (Span & { k: 'unary'; op: '-' | '!'; arg: Expr })
  | (Span & { k: 'binary'; op: BinaryOp; left: Expr; right: Expr })
  | (Span & { k: 'logical'; op: '&&' | '||'; left: Expr; right: Expr })
  | (Span & { k: 'ifexpr'; cond: Expr; then: Expr; else: Expr })
  | (Span & { k: 'map'; entries: Array<[Expr, Expr]>; /** Written as `key: value` call arguments. */ pairs?: true })
  | (Span & { k: 'list'; items: Expr[] })
  | (Span & { k: 'invoke'; task: 'invokeurl' | 'invokeapi' | 'sendmail'; params: TaskParam[] });

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export interface TaskParam extends Span {
  /** Lower-case key, e.g. `content-type`. */
  key: string;
  value: Expr;
}

export type Stmt =
  | (Span & { k: 'assign'; name: string; display: string; op: '=' | '+=' | '-=' | '*=' | '/=' | '%='; value: Expr })
  | (Span & { k: 'expr'; expr: Expr })
  | (Span & { k: 'if'; branches: Array<{ cond: Expr; body: Stmt[] }>; otherwise: Stmt[] | null })
  | (Span & { k: 'foreach'; name: string; display: string; index: boolean; iter: Expr; body: Stmt[] })
  | (Span & { k: 'break' })
  | (Span & { k: 'continue' })
  | (Span & { k: 'return'; value: Expr | null })
  | (Span & { k: 'info'; value: Expr })
  | (Span & { k: 'try'; body: Stmt[]; errName: string | null; handler: Stmt[] });

export interface FunctionHeader {
  returnType: string | null;
  name: string;
  params: Array<{ type: string; name: string }>;
}

export interface Program {
  source: string;
  header: FunctionHeader | null;
  body: Stmt[];
}
