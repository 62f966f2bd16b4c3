/** Converts an argument to the type its function header declares (`int id`, `string name`). */
import { ValueError, toText, typeName, type Value } from './values.ts';

const NUMERIC_TYPES = new Set(['int', 'long', 'bigint', 'decimal', 'number', 'float', 'double']);
const TEXT_TYPES = new Set(['string', 'text']);

export function convertArgument(v: Value, declaredType: string | undefined, name: string): Value {
  if (declaredType === undefined || v === null) return v;
  const t = declaredType.toLowerCase();
  if (NUMERIC_TYPES.has(t)) {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v)) {
      const n = Number(v);
      // Zoho record ids exceed 2^53; keep such ids as text rather than corrupt them.
      return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : v;
    }
    throw new ValueError(`argument \`${name}\` is declared ${declaredType} but got ${typeName(v)}`);
  }
  if (TEXT_TYPES.has(t) && (typeof v === 'number' || typeof v === 'boolean')) return toText(v);
  return v;
}
