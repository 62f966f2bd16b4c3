/** Shared shape of built-in methods/functions and the argument checks they use. */
import { DelugeDate, ValueError, typeName, toText, type DList, type DMap, type Value } from './values.ts';

/** What a built-in may ask of the run it is part of. */
export interface BuiltinEnv {
  /** A number in [0, 1): the host's randomness when it offers one, otherwise Math.random. */
  random(): number;
}

export interface MethodDef {
  name: string;
  /** Human-readable parameter list for autocomplete, e.g. `(start, end?)`. */
  params: string;
  returns: string;
  doc: string;
  min: number;
  max: number;
  fn: (self: never, args: Value[], env: BuiltinEnv) => Value;
}

/** Builds a case-insensitive lookup table; aliases share one definition (no duplicated logic). */
export function table<T extends Value>(
  defs: Array<{
    name: string;
    aliases?: string[];
    params: string;
    returns: string;
    doc: string;
    min?: number;
    max?: number;
    fn: (self: T, args: Value[], env: BuiltinEnv) => Value;
  }>,
): Map<string, MethodDef> {
  const out = new Map<string, MethodDef>();
  for (const d of defs) {
    const min = d.min ?? 0;
    const max = d.max ?? min;
    const def: MethodDef = { name: d.name, params: d.params, returns: d.returns, doc: d.doc, min, max, fn: d.fn as MethodDef['fn'] };
    out.set(d.name.toLowerCase(), def);
    for (const a of d.aliases ?? []) if (!out.has(a.toLowerCase())) out.set(a.toLowerCase(), { ...def, name: a });
  }
  return out;
}

function argAt(args: Value[], i: number): Value {
  return i < args.length ? (args[i] as Value) : null;
}

export function argText(args: Value[], i: number, what: string): string {
  const v = argAt(args, i);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return toText(v);
  throw new ValueError(`${what} must be text, got ${v === null ? 'null' : typeName(v)}`);
}

export function argNumber(args: Value[], i: number, what: string): number {
  const v = argAt(args, i);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(v)) return Number(v);
  throw new ValueError(`${what} must be a number, got ${v === null ? 'null' : typeName(v)}`);
}

export function argInt(args: Value[], i: number, what: string): number {
  return Math.trunc(argNumber(args, i, what));
}

export function argBool(args: Value[], i: number, what: string, fallback: boolean): boolean {
  if (i >= args.length) return fallback;
  const v = args[i];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new ValueError(`${what} must be true or false, got ${v === null || v === undefined ? 'null' : typeName(v)}`);
}

export function argList(args: Value[], i: number, what: string): DList {
  const v = argAt(args, i);
  if (Array.isArray(v)) return v;
  throw new ValueError(`${what} must be a List, got ${v === null ? 'null' : typeName(v)}`);
}

export function argMap(args: Value[], i: number, what: string): DMap {
  const v = argAt(args, i);
  if (v instanceof Map) return v;
  throw new ValueError(`${what} must be a Map, got ${v === null ? 'null' : typeName(v)}`);
}

export function argDate(args: Value[], i: number, what: string, parse: (v: Value) => DelugeDate | null): DelugeDate {
  const v = argAt(args, i);
  const d = v instanceof DelugeDate ? v : parse(v);
  if (d === null) throw new ValueError(`${what} must be a date-time, got ${v === null ? 'null' : typeName(v)}`);
  return d;
}

/** Map keys are text; numbers and booleans used as keys are stored by their text form. */
export function keyOf(v: Value): string {
  if (typeof v === 'string') return v;
  if (v === null) throw new ValueError('a Map key cannot be null');
  if (typeof v === 'number' || typeof v === 'boolean') return toText(v);
  throw new ValueError(`a Map key must be text, got ${typeName(v)}`);
}
