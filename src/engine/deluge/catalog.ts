/** Names and signatures for the editor's autocomplete, derived from the runtime tables themselves. */
import { FUNCTIONS, GLOBAL_VALUES } from './functions.ts';
import { LIST_METHODS, MAP_METHODS } from './methods-collections.ts';
import { COMMON_METHODS, DATE_METHODS, NUMBER_METHODS } from './methods-scalar.ts';
import { TEXT_METHODS } from './methods-text.ts';
import { INVOKEURL_KEYS } from './tasks-http.ts';
import { TASKS } from './tasks-zoho.ts';
import type { MethodDef } from './builtin-support.ts';

export interface BuiltinInfo {
  name: string;
  kind: 'function' | 'task' | 'value';
  signature: string;
  doc: string;
}

export interface MethodInfo {
  receiver: 'Text' | 'Number' | 'Map' | 'List' | 'DateTime' | 'any';
  name: string;
  signature: string;
  returns: string;
  doc: string;
}

export const DELUGE_KEYWORDS: readonly string[] = [
  'if',
  'else',
  'for',
  'each',
  'index',
  'in',
  'break',
  'continue',
  'return',
  'info',
  'try',
  'catch',
  'true',
  'false',
  'null',
  'invokeurl',
  'invokeapi',
  'sendmail',
  'not',
];

/** Attribute names inside `invokeurl [ … ]`; ordinary variable names elsewhere. */
export const DELUGE_INVOKEURL_KEYS: readonly string[] = INVOKEURL_KEYS;

function unique(defs: Iterable<MethodDef>): MethodDef[] {
  const seen = new Set<string>();
  const out: MethodDef[] = [];
  for (const d of defs) {
    if (seen.has(d.name)) continue;
    seen.add(d.name);
    out.push(d);
  }
  return out;
}

export const DELUGE_BUILTINS: readonly BuiltinInfo[] = [
  ...unique(FUNCTIONS.values()).map((d) => ({ name: d.name, kind: 'function' as const, signature: `${d.name}${d.params}`, doc: d.doc })),
  ...[...TASKS.values()].map((t) => ({ name: t.name, kind: 'task' as const, signature: `${t.name}${t.params}`, doc: t.doc })),
  ...[...GLOBAL_VALUES.values()].map((g) => ({ name: g.name, kind: 'value' as const, signature: g.name, doc: g.doc })),
];

const receivers: Array<[MethodInfo['receiver'], ReadonlyMap<string, MethodDef>]> = [
  ['Text', TEXT_METHODS],
  ['Number', NUMBER_METHODS],
  ['Map', MAP_METHODS],
  ['List', LIST_METHODS],
  ['DateTime', DATE_METHODS],
  ['any', COMMON_METHODS],
];

export const DELUGE_METHODS: readonly MethodInfo[] = receivers.flatMap(([receiver, table]) =>
  unique(table.values()).map((d) => ({ receiver, name: d.name, signature: `${d.name}${d.params}`, returns: d.returns, doc: d.doc })),
);
