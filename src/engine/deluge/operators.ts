/** Operator semantics. `+` concatenates when either side is text; other arithmetic needs numbers. */
import type { BinaryOp } from './ast.ts';
import { tryDate } from './conversions.ts';
import { DelugeDate, ValueError, deepEqual, toText, typeName, type Value } from './values.ts';

function operandError(op: string, a: Value, b: Value, left: string, right: string): ValueError {
  if (a === null) return new ValueError(`\`${left}\` is null: cannot use it with '${op}'`);
  if (b === null) return new ValueError(`\`${right}\` is null: cannot use it with '${op}'`);
  return new ValueError(`cannot use '${op}' with ${typeName(a)} and ${typeName(b)} (\`${left}\` ${op} \`${right}\`)`);
}

export function looseEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return a.trim() !== '' && Number(a) === b;
  if (a instanceof DelugeDate || b instanceof DelugeDate) {
    const x = tryDate(a);
    const y = tryDate(b);
    return x !== null && y !== null && x.time === y.time;
  }
  return deepEqual(a, b);
}

function order(op: string, a: Value, b: Value, left: string, right: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof DelugeDate || b instanceof DelugeDate) {
    const x = tryDate(a);
    const y = tryDate(b);
    if (x !== null && y !== null) return x.time - y.time;
  }
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) return a - Number(b);
  if (typeof a === 'string' && typeof b === 'number' && a.trim() !== '' && !Number.isNaN(Number(a))) return Number(a) - b;
  throw operandError(op, a, b, left, right);
}

export type BinaryFn = (a: Value, b: Value) => Value;

/** `x in list`: an element of a List, a key of a Map, or a part of comma-separated text. */
function contains(container: Value, x: Value, source: string): boolean {
  if (Array.isArray(container)) return container.some((e) => looseEquals(e, x));
  if (container instanceof Map) return x !== null && typeof x !== 'object' && container.has(toText(x));
  if (typeof container === 'string') return container.split(',').some((part) => looseEquals(part, x));
  if (container === null) throw new ValueError(`\`${source}\` is null: 'in' needs a List`);
  throw new ValueError(`\`${source}\` is ${typeName(container)}: 'in' needs a List, a Map or comma-separated text`);
}

/**
 * Returns the operator as a function; `left`/`right` are source snippets for error messages.
 * `decimal` says an operand is written as a decimal (`2.0`, `x.toDecimal()`): only then does `/`
 * of two whole numbers keep its fraction. Deluge's whole numbers are Java longs, and an operation
 * gives a decimal only "if a Double is used":
 * https://www.zoho.com/creator/newhelp/script/operators.html
 */
export function binary(op: BinaryOp, left: string, right: string, decimal = false): BinaryFn {
  switch (op) {
    case '+':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        if (typeof a === 'string' || typeof b === 'string') return toText(a) + toText(b);
        if (a instanceof DelugeDate && typeof b === 'number') return new DelugeDate(a.time + b * 86400000, a.hasTime);
        throw operandError(op, a, b, left, right);
      };
    case '-':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return a - b;
        if (a instanceof DelugeDate && typeof b === 'number') return new DelugeDate(a.time - b * 86400000, a.hasTime);
        throw operandError(op, a, b, left, right);
      };
    case '*':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return a * b;
        throw operandError(op, a, b, left, right);
      };
    case '/':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') {
          if (b === 0) throw new ValueError(`division by zero (\`${left}\` / \`${right}\`)`);
          return !decimal && Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
        }
        throw operandError(op, a, b, left, right);
      };
    case '%':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') {
          if (b === 0) throw new ValueError(`division by zero (\`${left}\` % \`${right}\`)`);
          return a % b;
        }
        throw operandError(op, a, b, left, right);
      };
    case 'in':
      return (a, b) => contains(b, a, right);
    case 'not in':
      return (a, b) => !contains(b, a, right);
    case '==':
      return (a, b) => looseEquals(a, b);
    case '!=':
      return (a, b) => !looseEquals(a, b);
    case '<':
      return (a, b) => order(op, a, b, left, right) < 0;
    case '<=':
      return (a, b) => order(op, a, b, left, right) <= 0;
    case '>':
      return (a, b) => order(op, a, b, left, right) > 0;
    case '>=':
      return (a, b) => order(op, a, b, left, right) >= 0;
    default: {
      const never: never = op;
      throw new ValueError(`unknown operator ${String(never)}`);
    }
  }
}

export function requireBoolean(v: Value, what: string, source: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) throw new ValueError(`\`${source}\` is null: ${what} needs true or false`);
  throw new ValueError(`\`${source}\` is ${typeName(v)} ${JSON.stringify(toText(v).slice(0, 40))}, not a Boolean: ${what} needs true or false`);
}
