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

/**
 * The record as a Bigin workflow function receives it: every field under its plain API name and
 * under `<Module>.<Field>`, the id as `<Module>.ID` (so `contact.get("Contacts.ID")` works, as in
 * Bigin's argument mapping).
 */
export function recordMap(record: Readonly<Record<string, unknown>>, module: string | undefined): Record<string, unknown> {
  if (!module) return { ...record };
  const out: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(record)) out[key === 'id' ? `${module}.ID` : `${module}.${key}`] = value;
  return out;
}

/** Argument name → value taken from the trigger record (`from: "record"` passes the record map above). */
export function mapArguments(args: readonly FunctionArgument[], record: Readonly<Record<string, unknown>>, module?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let whole: Record<string, unknown> | undefined;
  for (const arg of args) {
    const value = arg.from === 'record' ? (whole ??= recordMap(record, module)) : readField(record, arg.from);
    out[arg.name] = coerce(value, arg.type);
  }
  return out;
}
