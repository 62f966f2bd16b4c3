/**
 * Runtime values. Text is a JS string, numbers are doubles, a Map is an insertion-ordered JS Map with
 * text keys, a List is a JS array; date-times are `DelugeDate`, caught errors are `DelugeErrorValue`.
 */
import { formatDate } from './dates.ts';

export class DelugeDate {
  /** `time` is epoch milliseconds, read in UTC; `hasTime` is false for `date` values. */
  constructor(
    readonly time: number,
    readonly hasTime: boolean,
  ) {}
}

export class DelugeErrorValue {
  constructor(
    readonly message: string,
    readonly lineNo: number,
  ) {}
}

export type DMap = Map<string, Value>;
export type DList = Value[];
export type Value = string | number | boolean | null | DMap | DList | DelugeDate | DelugeErrorValue;

export type TypeName = 'Text' | 'Number' | 'Boolean' | 'null' | 'Map' | 'List' | 'DateTime' | 'Date' | 'Error';

export function typeName(v: Value): TypeName {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'Text';
    case 'number':
      return 'Number';
    case 'boolean':
      return 'Boolean';
    default:
      if (v instanceof Map) return 'Map';
      if (Array.isArray(v)) return 'List';
      if (v instanceof DelugeDate) return v.hasTime ? 'DateTime' : 'Date';
      return 'Error';
  }
}

/** Thrown by value helpers; the interpreter adds the line and wraps it as DELUGE_RUNTIME. */
export class ValueError extends Error {}

/** How nested a value may be before serialising it is refused (a map that contains itself). */
export const MAX_VALUE_DEPTH = 100;

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  if (!Number.isFinite(n)) return String(n);
  // Deluge computes decimals exactly; trimming to 15 significant digits hides binary noise (0.1+0.2).
  return String(Number(n.toPrecision(15)));
}

/** Text form used by `+` with text, `info` and `toString()`. */
export function toText(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Map) return toJson(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : toText(x))).join(',');
  if (v instanceof DelugeDate) return formatDate(v, null);
  return v.message;
}

export function toJson(v: Value, depth = 0): string {
  if (depth > MAX_VALUE_DEPTH) throw new ValueError(`value is nested more than ${MAX_VALUE_DEPTH} levels deep (does a map contain itself?)`);
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? formatNumber(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      break;
  }
  if (v instanceof Map) {
    let out = '{';
    let first = true;
    for (const [k, x] of v) {
      if (!first) out += ',';
      first = false;
      out += JSON.stringify(k) + ':' + toJson(x, depth + 1);
    }
    return out + '}';
  }
  if (Array.isArray(v)) return '[' + v.map((x) => toJson(x, depth + 1)).join(',') + ']';
  if (v instanceof DelugeDate) return JSON.stringify(formatDate(v, null));
  return JSON.stringify(v.message);
}

/** Plain JSON (arguments, HTTP bodies) → Deluge value. */
export function fromPlain(x: unknown, depth = 0): Value {
  if (depth > MAX_VALUE_DEPTH) throw new ValueError(`value is nested more than ${MAX_VALUE_DEPTH} levels deep`);
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
      return Number.isFinite(x) ? x : null;
    case 'bigint':
      return Number(x);
    case 'object':
      break;
    default:
      return String(x);
  }
  if (Array.isArray(x)) return x.map((e) => fromPlain(e, depth + 1));
  if (x instanceof Date) return new DelugeDate(x.getTime(), true);
  if (x instanceof Map) {
    const m: DMap = new Map();
    for (const [k, e] of x) m.set(String(k), fromPlain(e, depth + 1));
    return m;
  }
  const m: DMap = new Map();
  for (const [k, e] of Object.entries(x as Record<string, unknown>)) m.set(k, fromPlain(e, depth + 1));
  return m;
}

/** Deluge value → plain JSON (return values). Dates become their Deluge text form. */
export function toPlain(v: Value, depth = 0): unknown {
  if (depth > MAX_VALUE_DEPTH) throw new ValueError(`value is nested more than ${MAX_VALUE_DEPTH} levels deep (does a map contain itself?)`);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[k] = toPlain(x, depth + 1);
    return o;
  }
  if (Array.isArray(v)) return v.map((x) => toPlain(x, depth + 1));
  if (v instanceof DelugeDate) return formatDate(v, null);
  return { message: v.message, lineNo: v.lineNo };
}

/** JSON text → Deluge value, or `undefined` when the text is not JSON. */
export function parseJsonValue(text: string): Value | undefined {
  const s = text.trim();
  if (s === '' || (s[0] !== '{' && s[0] !== '[')) return undefined;
  try {
    return fromPlain(JSON.parse(s));
  } catch {
    return undefined;
  }
}

export function deepEqual(a: Value, b: Value, depth = 0): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (depth > MAX_VALUE_DEPTH) throw new ValueError(`value is nested more than ${MAX_VALUE_DEPTH} levels deep`);
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, x] of a) {
      if (!b.has(k) || !deepEqual(x, b.get(k) as Value, depth + 1)) return false;
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i] as Value, depth + 1));
  }
  if (a instanceof DelugeDate && b instanceof DelugeDate) return a.time === b.time;
  return false;
}

/** Short rendering of a value for error messages. */
export function describeValue(v: Value): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return toText(v);
  if (v instanceof DelugeDate) return `'${formatDate(v, null)}'`;
  return `a ${typeName(v)}`;
}
