/**
 * Compiles the tree into closures once, then runs them. Expressions without host calls evaluate
 * synchronously; only statements that contain `invokeurl` or a `zoho.*` task become async, so a
 * compute-only loop never pays for a Promise.
 */
import type { Expr, Program, Span, Stmt } from './ast.ts';
import { DelugeFault } from './errors.ts';
import { tryDate } from './conversions.ts';
import { FUNCTIONS, GLOBAL_VALUES } from './functions.ts';
import type { DelugeHost } from './host.ts';
import type { Clock } from '../ports.ts';
import { LIST_METHODS, MAP_METHODS } from './methods-collections.ts';
import { COMMON_METHODS, DATE_METHODS, NULL_SAFE_METHODS, NUMBER_METHODS } from './methods-scalar.ts';
import { TEXT_METHODS } from './methods-text.ts';
import type { MethodDef } from './builtin-support.ts';
import { keyOf } from './builtin-support.ts';
import { binary, requireBoolean } from './operators.ts';
import { invokeUrl, type CallContext } from './tasks-http.ts';
import { TASKS } from './tasks-zoho.ts';
import { invokeApi } from './tasks-invokeapi.ts';
import { creatorOnly } from './diagnostics.ts';
import { DelugeDate, DelugeErrorValue, ValueError, describeValue, toText, typeName, type DMap, type Value } from './values.ts';

const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;

export interface Runtime {
  host: DelugeHost;
  clock: Clock;
  signal: AbortSignal;
  count: number;
  maxStatements: number;
  deadline: number;
  timeoutMs: number;
  requestTimeoutMs: number;
  /** Statement being executed; runtime errors without their own position report it. */
  at: Span;
  random: () => number;
}

export interface Frame {
  v: Array<Value | undefined>;
  rt: Runtime;
  ret: Value;
}

type Ev = (f: Frame) => Value;
type AEv = (f: Frame) => Promise<Value>;
type CE = { a: false; ev: Ev } | { a: true; aev: AEv };
type Exec = (f: Frame) => number;
type AExec = (f: Frame) => Promise<number>;
type CS = { a: false; x: Exec } | { a: true; ax: AExec };

const sync = (ev: Ev): CE => ({ a: false, ev });
const asyncE = (aev: AEv): CE => ({ a: true, aev });
const asAsync = (c: CE): AEv => (c.a ? c.aev : async (f) => c.ev(f));

export function runtimeFault(message: string, at: Span): DelugeFault {
  return new DelugeFault('DELUGE_RUNTIME', `${message} at line ${at.line}`, at.line, at.col);
}

/** Converts anything thrown while running into a positioned fault. */
export function toFault(e: unknown, rt: Runtime): DelugeFault {
  if (e instanceof DelugeFault) return e;
  if (e instanceof ValueError) return new DelugeFault('DELUGE_RUNTIME', `${e.message} at line ${rt.at.line}`, rt.at.line, rt.at.col);
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new DelugeFault('DELUGE_LIMIT', `the script nests too deeply at line ${rt.at.line}`, rt.at.line, rt.at.col);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new DelugeFault('DELUGE_RUNTIME', `internal error: ${message} at line ${rt.at.line}`, rt.at.line, rt.at.col);
}

function checkClock(rt: Runtime): void {
  if (rt.signal.aborted) throw new DelugeFault('DELUGE_TIMEOUT', `the run was stopped at line ${rt.at.line}`, rt.at.line, rt.at.col);
  if (rt.clock.now() > rt.deadline) {
    throw new DelugeFault('DELUGE_TIMEOUT', `the script ran longer than ${rt.timeoutMs} ms (stopped at line ${rt.at.line})`, rt.at.line, rt.at.col);
  }
}

function tick(rt: Runtime, s: Span): void {
  rt.at = s;
  if (++rt.count > rt.maxStatements) {
    throw new DelugeFault(
      'DELUGE_LIMIT',
      `the script executed more than ${rt.maxStatements} statements (limit reached at line ${s.line})`,
      s.line,
      s.col,
    );
  }
  if ((rt.count & 1023) === 0) checkClock(rt);
}

function methodTable(v: Value): ReadonlyMap<string, MethodDef> | undefined {
  if (typeof v === 'string') return TEXT_METHODS;
  if (typeof v === 'number') return NUMBER_METHODS;
  if (v instanceof Map) return MAP_METHODS;
  if (Array.isArray(v)) return LIST_METHODS;
  if (v instanceof DelugeDate) return DATE_METHODS;
  return undefined;
}

function arity(def: { min: number; max: number }): string {
  const n = def.min === def.max ? `${def.min}` : `${def.min} to ${def.max}`;
  return `${n} argument${def.max === 1 && def.min === 1 ? '' : 's'}`;
}

export interface Compiled {
  run: CS;
  slots: Map<string, number>;
  size: number;
}

export function compileProgram(program: Program): Compiled {
  const c = new Compiler(program.source);
  for (const p of program.header?.params ?? []) c.slot(p.name.toLowerCase());
  const run = c.block(program.body);
  return { run, slots: c.slots, size: c.slots.size };
}

class Compiler {
  readonly slots = new Map<string, number>();
  private loopDepth = 0;

  constructor(private readonly src: string) {}

  slot(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = this.slots.size;
      this.slots.set(name, s);
    }
    return s;
  }

  private text(e: Span): string {
    const t = this.src.slice(e.start, e.end).replace(/\s+/g, ' ').trim();
    return t.length > 40 ? t.slice(0, 39) + '…' : t;
  }

  // ---- statements ---------------------------------------------------------------------------

  block(stmts: Stmt[]): CS {
    const parts = stmts.map((s) => this.stmt(s));
    if (parts.every((p) => !p.a)) {
      const xs = parts.map((p) => (p as { x: Exec }).x);
      if (xs.length === 1) return { a: false, x: xs[0] as Exec };
      return {
        a: false,
        x: (f) => {
          for (let i = 0; i < xs.length; i++) {
            const r = (xs[i] as Exec)(f);
            if (r !== NORMAL) return r;
          }
          return NORMAL;
        },
      };
    }
    return {
      a: true,
      ax: async (f) => {
        for (const p of parts) {
          const r = p.a ? await p.ax(f) : p.x(f);
          if (r !== NORMAL) return r;
        }
        return NORMAL;
      },
    };
  }

  private stmt(s: Stmt): CS {
    switch (s.k) {
      case 'assign': {
        const slot = this.slot(s.name);
        const value = this.expr(s.value);
        let combine: ((a: Value, b: Value) => Value) | null = null;
        if (s.op !== '=') {
          const op = s.op[0] as '+' | '-' | '*' | '/' | '%';
          const fn = binary(op, s.display, this.text(s.value), writtenAsDecimal(s.value));
          const display = s.display;
          combine = (a, b) => {
            if (a === undefined) throw new ValueError(`\`${display}\` is not defined before '${s.op}'`);
            return fn(a, b);
          };
        }
        if (!value.a) {
          const ev = value.ev;
          if (combine === null)
            return {
              a: false,
              x: (f) => {
                tick(f.rt, s);
                f.v[slot] = ev(f);
                return NORMAL;
              },
            };
          const cb = combine;
          return {
            a: false,
            x: (f) => {
              tick(f.rt, s);
              f.v[slot] = cb(f.v[slot] as Value, ev(f));
              return NORMAL;
            },
          };
        }
        const aev = value.aev;
        const cb = combine;
        return {
          a: true,
          ax: async (f) => {
            tick(f.rt, s);
            const v = await aev(f);
            f.v[slot] = cb === null ? v : cb(f.v[slot] as Value, v);
            return NORMAL;
          },
        };
      }
      case 'expr': {
        const e = this.expr(s.expr);
        if (!e.a) {
          const ev = e.ev;
          return {
            a: false,
            x: (f) => {
              tick(f.rt, s);
              ev(f);
              return NORMAL;
            },
          };
        }
        const aev = e.aev;
        return {
          a: true,
          ax: async (f) => {
            tick(f.rt, s);
            await aev(f);
            return NORMAL;
          },
        };
      }
      case 'info': {
        const e = this.expr(s.value);
        const line = s.line;
        if (!e.a) {
          const ev = e.ev;
          return {
            a: false,
            x: (f) => {
              tick(f.rt, s);
              f.rt.host.info(line, toText(ev(f)));
              return NORMAL;
            },
          };
        }
        const aev = e.aev;
        return {
          a: true,
          ax: async (f) => {
            tick(f.rt, s);
            f.rt.host.info(line, toText(await aev(f)));
            return NORMAL;
          },
        };
      }
      case 'return': {
        if (s.value === null)
          return {
            a: false,
            x: (f) => {
              tick(f.rt, s);
              f.ret = null;
              return RETURN;
            },
          };
        const e = this.expr(s.value);
        if (!e.a) {
          const ev = e.ev;
          return {
            a: false,
            x: (f) => {
              tick(f.rt, s);
              f.ret = ev(f);
              return RETURN;
            },
          };
        }
        const aev = e.aev;
        return {
          a: true,
          ax: async (f) => {
            tick(f.rt, s);
            f.ret = await aev(f);
            return RETURN;
          },
        };
      }
      case 'break':
      case 'continue': {
        if (this.loopDepth === 0) throw new DelugeFault('DELUGE_SYNTAX', `'${s.k}' outside a 'for each' loop at line ${s.line}`, s.line, s.col);
        const sig = s.k === 'break' ? BREAK : CONTINUE;
        return {
          a: false,
          x: (f) => {
            tick(f.rt, s);
            return sig;
          },
        };
      }
      case 'if':
        return this.ifStmt(s);
      case 'foreach':
        return this.forEach(s);
      case 'try':
        return this.tryStmt(s);
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }

  private ifStmt(s: Stmt & { k: 'if' }): CS {
    const conds = s.branches.map((b) => ({ c: this.expr(b.cond), src: this.text(b.cond), body: this.block(b.body) }));
    const otherwise = s.otherwise === null ? null : this.block(s.otherwise);
    const truth = (v: Value, src: string): boolean => requireBoolean(v, "the 'if' condition", src);
    if (conds.every((b) => !b.c.a && !b.body.a) && (otherwise === null || !otherwise.a)) {
      const cs = conds.map((b) => ({ ev: (b.c as { ev: Ev }).ev, src: b.src, x: (b.body as { x: Exec }).x }));
      const ox = otherwise === null ? null : (otherwise as { x: Exec }).x;
      if (cs.length === 1) {
        const { ev, src, x } = cs[0] as (typeof cs)[number];
        return {
          a: false,
          x: (f) => {
            tick(f.rt, s);
            const v = ev(f);
            if (v === true || (v !== false && truth(v, src))) return x(f);
            return ox === null ? NORMAL : ox(f);
          },
        };
      }
      return {
        a: false,
        x: (f) => {
          tick(f.rt, s);
          for (const b of cs) {
            const v = b.ev(f);
            if (v === true || (v !== false && truth(v, b.src))) return b.x(f);
          }
          return ox === null ? NORMAL : ox(f);
        },
      };
    }
    return {
      a: true,
      ax: async (f) => {
        tick(f.rt, s);
        for (const b of conds) {
          const v = b.c.a ? await b.c.aev(f) : b.c.ev(f);
          if (truth(v, b.src)) return b.body.a ? b.body.ax(f) : b.body.x(f);
        }
        if (otherwise === null) return NORMAL;
        return otherwise.a ? otherwise.ax(f) : otherwise.x(f);
      },
    };
  }

  private forEach(s: Stmt & { k: 'foreach' }): CS {
    const iter = this.expr(s.iter);
    const slot = this.slot(s.name);
    this.loopDepth++;
    const body = this.block(s.body);
    this.loopDepth--;
    const src = this.text(s.iter);
    const listOf = (v: Value): Value[] => {
      if (Array.isArray(v)) return v.slice();
      if (v === null) throw new ValueError(`\`${src}\` is null: cannot loop over it with 'for each'`);
      // Zoho iterates comma-separated text part by part:
      // https://zoho.com/deluge/help/list-manipulations/for-each-element.html
      if (typeof v === 'string') return v === '' ? [] : v.split(',');
      if (v instanceof Map) throw new ValueError(`\`${src}\` is a Map, not a List: loop over .keys() instead`);
      throw new ValueError(`\`${src}\` is ${typeName(v)}, not a List: 'for each' needs a List`);
    };
    const index = s.index;
    if (!iter.a && !body.a) {
      const ev = iter.ev;
      const x = body.x;
      return {
        a: false,
        x: (f) => {
          tick(f.rt, s);
          const items = listOf(ev(f));
          const v = f.v;
          for (let i = 0; i < items.length; i++) {
            v[slot] = index ? i : (items[i] as Value);
            const r = x(f);
            if (r === BREAK) break;
            if (r === RETURN) return RETURN;
          }
          return NORMAL;
        },
      };
    }
    return {
      a: true,
      ax: async (f) => {
        tick(f.rt, s);
        const items = listOf(iter.a ? await iter.aev(f) : iter.ev(f));
        for (let i = 0; i < items.length; i++) {
          f.v[slot] = index ? i : (items[i] as Value);
          const r = body.a ? await body.ax(f) : body.x(f);
          if (r === BREAK) break;
          if (r === RETURN) return RETURN;
        }
        return NORMAL;
      },
    };
  }

  private tryStmt(s: Stmt & { k: 'try' }): CS {
    const body = this.block(s.body);
    const handler = this.block(s.handler);
    const slot = s.errName === null ? -1 : this.slot(s.errName);
    const caught = (e: unknown, f: Frame): void => {
      const fault = toFault(e, f.rt);
      if (!fault.catchable) throw fault;
      if (slot >= 0) f.v[slot] = new DelugeErrorValue(fault.message, fault.line);
    };
    if (!body.a && !handler.a) {
      const bx = body.x;
      const hx = handler.x;
      return {
        a: false,
        x: (f) => {
          tick(f.rt, s);
          try {
            return bx(f);
          } catch (e) {
            caught(e, f);
            return hx(f);
          }
        },
      };
    }
    return {
      a: true,
      ax: async (f) => {
        tick(f.rt, s);
        try {
          return body.a ? await body.ax(f) : body.x(f);
        } catch (e) {
          caught(e, f);
          return handler.a ? handler.ax(f) : handler.x(f);
        }
      },
    };
  }

  // ---- expressions --------------------------------------------------------------------------

  private exprs(list: Expr[]): { a: false; evs: Ev[] } | { a: true; aevs: AEv[] } {
    const cs = list.map((e) => this.expr(e));
    if (cs.every((c) => !c.a)) return { a: false, evs: cs.map((c) => (c as { ev: Ev }).ev) };
    return { a: true, aevs: cs.map(asAsync) };
  }

  /** Builds an n-ary node from its children, sync when every child is sync. */
  private nary(children: Expr[], op: (vals: Value[], f: Frame) => Value): CE {
    const cs = this.exprs(children);
    if (!cs.a) {
      const evs = cs.evs;
      if (evs.length === 0) return sync((f) => op([], f));
      if (evs.length === 1) {
        const e0 = evs[0] as Ev;
        return sync((f) => op([e0(f)], f));
      }
      if (evs.length === 2) {
        const e0 = evs[0] as Ev;
        const e1 = evs[1] as Ev;
        return sync((f) => op([e0(f), e1(f)], f));
      }
      return sync((f) =>
        op(
          evs.map((e) => e(f)),
          f,
        ),
      );
    }
    const aevs = cs.aevs;
    return asyncE(async (f) => {
      const vals: Value[] = [];
      for (const e of aevs) vals.push(await e(f));
      return op(vals, f);
    });
  }

  private expr(e: Expr): CE {
    switch (e.k) {
      case 'lit': {
        const v = e.value;
        return sync(() => v);
      }
      case 'var':
        return this.variable(e);
      case 'global': {
        const g = GLOBAL_VALUES.get(e.name);
        if (g === undefined)
          return sync(() => {
            throw runtimeFault(`\`${e.display}\` is not available here`, e);
          });
        return sync((f) => g.get(f.rt.host.now()));
      }
      case 'unary': {
        const arg = this.expr(e.arg);
        const src = this.text(e.arg);
        const op =
          e.op === '!'
            ? (v: Value): Value => !requireBoolean(v, "'!'", src)
            : (v: Value): Value => {
                if (typeof v === 'number') return -v;
                throw new ValueError(v === null ? `\`${src}\` is null: cannot negate it` : `cannot negate ${typeName(v)} \`${src}\``);
              };
        if (!arg.a) {
          const ev = arg.ev;
          return sync((f) => op(ev(f)));
        }
        const aev = arg.aev;
        return asyncE(async (f) => op(await aev(f)));
      }
      case 'binary': {
        const fn = binary(e.op, this.text(e.left), this.text(e.right), writtenAsDecimal(e.left) || writtenAsDecimal(e.right));
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        if (!l.a && !r.a) {
          const le = l.ev;
          const re = r.ev;
          const fast = numericFast(e.op, le, re, fn);
          if (fast !== null) return sync(fast);
          return sync((f) => fn(le(f), re(f)));
        }
        const la = asAsync(l);
        const ra = asAsync(r);
        return asyncE(async (f) => {
          const a = await la(f);
          return fn(a, await ra(f));
        });
      }
      case 'logical': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        const ls = this.text(e.left);
        const rs = this.text(e.right);
        const what = `'${e.op}'`;
        const isAnd = e.op === '&&';
        if (!l.a && !r.a) {
          const le = l.ev;
          const re = r.ev;
          return sync((f) => {
            const a = requireBoolean(le(f), what, ls);
            if (isAnd ? !a : a) return a;
            return requireBoolean(re(f), what, rs);
          });
        }
        const la = asAsync(l);
        const ra = asAsync(r);
        return asyncE(async (f) => {
          const a = requireBoolean(await la(f), what, ls);
          if (isAnd ? !a : a) return a;
          return requireBoolean(await ra(f), what, rs);
        });
      }
      case 'ifexpr': {
        const c = this.expr(e.cond);
        const t = this.expr(e.then);
        const o = this.expr(e.else);
        const cs = this.text(e.cond);
        if (!c.a && !t.a && !o.a) {
          const ce = c.ev;
          const te = t.ev;
          const oe = o.ev;
          return sync((f) => (requireBoolean(ce(f), 'if(...)', cs) ? te(f) : oe(f)));
        }
        const ca = asAsync(c);
        const ta = asAsync(t);
        const oa = asAsync(o);
        return asyncE(async (f) => (requireBoolean(await ca(f), 'if(...)', cs) ? ta(f) : oa(f)));
      }
      case 'map':
        return this.nary(e.entries.flat(), (vals) => {
          const m: DMap = new Map();
          for (let i = 0; i < vals.length; i += 2) m.set(keyOf(vals[i] as Value), vals[i + 1] as Value);
          return m;
        });
      case 'list':
        return this.nary(e.items, (vals) => vals);
      case 'method':
        return this.method(e);
      case 'prop':
        return this.prop(e);
      case 'call':
        return this.call(e);
      case 'invoke':
        return this.invoke(e);
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  private variable(e: Expr & { k: 'var' }): CE {
    const slot = this.slot(e.name);
    const g = GLOBAL_VALUES.get(e.name);
    const display = e.display;
    return sync((f) => {
      const v = f.v[slot];
      if (v !== undefined) return v;
      if (g !== undefined) return g.get(f.rt.host.now());
      throw runtimeFault(`variable \`${display}\` is not defined`, e);
    });
  }

  private method(e: Expr & { k: 'method' }): CE {
    const target = this.text(e.target);
    const name = e.name;
    const display = e.display;
    const op = (vals: Value[], f: Frame): Value => {
      let self = vals[0] as Value;
      const args = vals.slice(1);
      if (self === null) {
        if (NULL_SAFE_METHODS.has(name)) return (COMMON_METHODS.get(name) as MethodDef).fn(null as never, args, f.rt);
        throw runtimeFault(`\`${target}\` is null: cannot call ${display}(${args.map(describeValue).join(', ')})`, e);
      }
      let def = methodTable(self)?.get(name) ?? COMMON_METHODS.get(name);
      if (def === undefined && typeof self === 'string' && DATE_METHODS.has(name)) {
        // Zoho's date functions accept date text as well as date values ('1-Jan-2020'.addBusinessDay(1)).
        const d = tryDate(self);
        if (d === null) throw runtimeFault(`${display}() needs a date, but \`${target}\` is ${describeValue(self)}`, e);
        self = d;
        def = DATE_METHODS.get(name);
      }
      if (def === undefined && self instanceof DelugeDate && TEXT_METHODS.has(name)) {
        // A date meets a text method in its text form (zoho.currenttime.getPrefix(" ")).
        self = toText(self);
        def = TEXT_METHODS.get(name);
      }
      if (def === undefined) {
        throw runtimeFault(`${typeName(self)} has no method ${display}() (called on \`${target}\`)`, e);
      }
      if (args.length < def.min || args.length > def.max) {
        throw runtimeFault(`${def.name}() takes ${arity(def)}, got ${args.length} (called on \`${target}\`)`, e);
      }
      return def.fn(self as never, args, f.rt);
    };
    return this.nary([e.target, ...e.args], op);
  }

  private prop(e: Expr & { k: 'prop' }): CE {
    // CRM functions may read their arguments as `input.<name>`.
    if (e.target.k === 'var' && e.target.name === 'input' && !this.slots.has('input')) {
      return this.variable({ ...e, k: 'var', name: e.name, display: `input.${e.display}` });
    }
    const target = this.text(e.target);
    const name = e.name;
    return this.nary([e.target], (vals) => {
      const self = vals[0] as Value;
      if (self instanceof DelugeErrorValue) {
        if (name === 'lineno') return self.lineNo;
        if (name === 'message') return self.message;
      }
      if (self instanceof Map) throw runtimeFault(`\`${target}.${e.display}\` is not valid Deluge: use ${target}.get("${e.display}")`, e);
      throw runtimeFault(`${self === null ? 'null' : typeName(self)} \`${target}\` has no property '${e.display}'`, e);
    });
  }

  private call(e: Expr & { k: 'call' }): CE {
    const name = e.name;
    // Collection("a":"1", "b":"2") is a key-value collection, Collection("a", "b") a list:
    // https://zoho.com/deluge/help/functions/collection/clear.html
    const only = e.args[0];
    if (name === 'collection' && e.args.length === 1 && only?.k === 'map' && only.pairs === true) return this.expr(only);
    const fn = FUNCTIONS.get(name);
    if (fn !== undefined) {
      return this.nary(e.args, (args, f) => {
        if (args.length < fn.min || args.length > fn.max) throw runtimeFault(`${fn.name}() takes ${arity(fn)}, got ${args.length}`, e);
        return fn.fn(null as never, args, f.rt);
      });
    }
    const task = TASKS.get(name);
    if (task !== undefined) {
      const args = this.exprs(e.args);
      const aevs = args.a ? args.aevs : args.evs.map((ev) => async (f: Frame) => ev(f));
      return asyncE(async (f) => {
        const vals: Value[] = [];
        for (const a of aevs) vals.push(await a(f));
        if (vals.length < task.min || vals.length > task.max) throw runtimeFault(`${task.name}() takes ${arity(task)}, got ${vals.length}`, e);
        return task.run(vals, this.callContext(f, e));
      });
    }
    return sync(() => {
      throw runtimeFault(unknownCall(e.display, name), e);
    });
  }

  private callContext(f: Frame, at: Span): CallContext {
    return { host: f.rt.host, clock: f.rt.clock, signal: f.rt.signal, line: at.line, column: at.col, requestTimeoutMs: f.rt.requestTimeoutMs };
  }

  private invoke(e: Expr & { k: 'invoke' }): CE {
    if (e.task === 'sendmail')
      return sync(() => {
        throw runtimeFault('sendmail is not supported here: send mail through a workflow action instead', e);
      });
    const keys = e.params.map((p) => p.key);
    const vals = this.exprs(e.params.map((p) => p.value));
    const aevs = vals.a ? vals.aevs : vals.evs.map((ev) => async (f: Frame) => ev(f));
    return asyncE(async (f) => {
      const attrs = new Map<string, Value>();
      for (let i = 0; i < keys.length; i++) attrs.set(keys[i] as string, await (aevs[i] as AEv)(f));
      return e.task === 'invokeapi' ? invokeApi(attrs, this.callContext(f, e)) : invokeUrl(attrs, this.callContext(f, e));
    });
  }
}

/** A decimal literal, `toDecimal()`, or arithmetic on one: Deluge's decimal type, which JS numbers lose. */
function writtenAsDecimal(e: Expr): boolean {
  switch (e.k) {
    case 'lit':
      return e.decimal === true;
    case 'unary':
      return writtenAsDecimal(e.arg);
    case 'method':
      return e.name === 'todecimal';
    case 'binary':
      return writtenAsDecimal(e.left) || writtenAsDecimal(e.right);
    default:
      return false;
  }
}

/** Inline number-number cases so hot arithmetic avoids the generic operator call. */
function numericFast(op: string, le: Ev, re: Ev, fn: (a: Value, b: Value) => Value): Ev | null {
  switch (op) {
    case '+':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' ? a + b : fn(a, b);
      };
    case '-':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' ? a - b : fn(a, b);
      };
    case '*':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' ? a * b : fn(a, b);
      };
    case '%':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a % b : fn(a, b);
      };
    case '<':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' ? a < b : fn(a, b);
      };
    case '>':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' ? a > b : fn(a, b);
      };
    case '<=':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' ? a <= b : fn(a, b);
      };
    case '>=':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === 'number' && typeof b === 'number' ? a >= b : fn(a, b);
      };
    case '==':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === typeof b && (typeof a === 'number' || typeof a === 'string') ? a === b : fn(a, b);
      };
    case '!=':
      return (f) => {
        const a = le(f);
        const b = re(f);
        return typeof a === typeof b && (typeof a === 'number' || typeof a === 'string') ? a !== b : fn(a, b);
      };
    default:
      return null;
  }
}

function unknownCall(display: string, name: string): string {
  if (name === 'geturl' || name === 'posturl') return `${display}() is deprecated by Zoho and not supported here: use invokeurl`;
  if (name === 'openurl') return creatorOnly(`${display}()`);
  if (/^(standalone|automation|thisapp|button|schedule|validation_rule|related_list|crm)\./.test(name)) {
    return `${display}(): calling other functions is not supported here`;
  }
  if (name.startsWith('zoho.')) {
    return `${display}() is not available here: supported integration tasks are zoho.bigin.* and zoho.books.* (getRecordById, searchRecords, createRecord, updateRecord, getRecords, getRecordsByID)`;
  }
  return `unknown function ${display}()`;
}
