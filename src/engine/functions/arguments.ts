import type { FunctionArgument } from '../../domain/index.ts';
import { readField } from '../conditions.ts';

function lookupName(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'name' in value ? value.name : value;
}

function coerce(value: unknown, type: FunctionArgument['type']): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'map':
      return value;
    case 'text': {
      const plain = lookupName(value);
      return typeof plain === 'string' ? plain : typeof plain === 'object' ? JSON.stringify(plain) : String(plain);
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(lookupName(value)).trim());
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : ['true', 'yes', '1'].includes(String(lookupName(value)).trim().toLowerCase());
  }
}

/** Argument name → value taken from the trigger record (`from: "record"` passes the whole record). */
export function mapArguments(args: readonly FunctionArgument[], record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of args) out[arg.name] = coerce(arg.from === 'record' ? record : readField(record, arg.from), arg.type);
  return out;
}
