/**
 * Condition rules, interpreted — never evaluated as code (security checklist S20). Text compares
 * case-insensitively and trimmed, as Bigin's own criteria do; numbers, dates, booleans, lookups
 * (`{name, id}`, compared by name) and lists (any element matches) compare by type.
 */
import {
  isConditionGroup,
  MODULES,
  type ConditionConfig,
  type ConditionOperator,
  type ConditionRule,
  type FieldType,
  type TriggerModule,
} from '../domain/index.ts';

export type Record_ = Readonly<Record<string, unknown>>;
export type FieldTypes = ReadonlyMap<string, FieldType>;

const TEXT_OPS: ConditionOperator[] = ['is', 'isnt', 'contains', 'not_contains', 'starts_with', 'ends_with', 'is_empty', 'is_not_empty', 'in'];
const ORDERED_OPS: ConditionOperator[] = ['is', 'isnt', 'gt', 'lt', 'between', 'is_empty', 'is_not_empty', 'in'];

/** The operators that make sense for a field type, in menu order. */
export function operatorsFor(type: FieldType | undefined): ConditionOperator[] {
  switch (type) {
    case 'number':
    case 'datetime':
      return ORDERED_OPS;
    case 'boolean':
      return ['is', 'isnt', 'is_empty', 'is_not_empty'];
    case 'list':
      return ['contains', 'not_contains', 'is_empty', 'is_not_empty', 'in'];
    default:
      return TEXT_OPS;
  }
}

const fieldTypeCache = new Map<TriggerModule, FieldTypes>();

export function fieldTypesFor(module: TriggerModule): FieldTypes {
  let types = fieldTypeCache.get(module);
  if (!types) {
    types = new Map(MODULES[module].fields.map((field) => [field.apiName, field.type]));
    fieldTypeCache.set(module, types);
  }
  return types;
}

export function fieldLabel(module: TriggerModule | undefined, field: string): string {
  if (!module) return field;
  return MODULES[module].fields.find((f) => f.apiName === field)?.label ?? field;
}

// ── reading values ────────────────────────────────────────────────────────────

const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export function isSafeFieldPath(path: string): boolean {
  return FIELD_PATH.test(path) && !path.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment));
}

/** Own properties only, so a field name can never reach the prototype chain. */
export function readField(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.includes('.') ? path.split('.') : [path]) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isLookup(value: object): value is { name?: unknown; id?: unknown } {
  return 'name' in value || 'id' in value;
}

export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmptyValue);
  if (typeof value === 'object') {
    if (isLookup(value)) return isEmptyValue(value.name) && isEmptyValue(value.id);
    return Object.keys(value).length === 0;
  }
  return false;
}

/** Lookups show as their name; everything else as its text. */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim().toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).toLowerCase();
  if (typeof value === 'object' && !Array.isArray(value) && isLookup(value)) return textOf(value.name);
  return '';
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value.trim());
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && isLookup(value)) return numberOf(value.name);
  return Number.NaN;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isNumberText(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text.trim()));
}

export function isDateText(text: string): boolean {
  return ISO_DATETIME.test(text.trim()) && !Number.isNaN(Date.parse(text.trim()));
}

/**
 * A date-only bound ("2025-01-15") compares with the day as written in the record, because Bigin
 * writes times in the org's offset, e.g. 2025-01-15T09:30:00+05:30 (https://www.bigin.com/developer/docs/apis/v2/get-records.html); a full timestamp compares as an instant.
 */
function dateKey(value: unknown, dateOnly: boolean): number | string | null {
  if (typeof value === 'number') return dateOnly ? new Date(value).toISOString().slice(0, 10) : value;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (dateOnly) return DATE_PREFIX.test(text) ? text.slice(0, 10) : null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : time;
}

// ── compiling rules ───────────────────────────────────────────────────────────

type Kind = 'text' | 'number' | 'datetime' | 'boolean';
type Compare = (a: number | string, b: number | string) => number;
const compare: Compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function kindOf(declared: FieldType | undefined, actual: unknown): Kind {
  switch (declared) {
    case 'number':
      return 'number';
    case 'datetime':
      return 'datetime';
    case 'boolean':
      return 'boolean';
    case undefined:
      break;
    default:
      return 'text';
  }
  if (typeof actual === 'number') return 'number';
  if (typeof actual === 'boolean') return 'boolean';
  if (typeof actual === 'string' && DATE_PREFIX.test(actual) && isDateText(actual)) return 'datetime';
  return 'text';
}

const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

function booleanOf(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = textOf(value);
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

type PositiveOp = 'is' | 'contains' | 'starts_with' | 'ends_with' | 'gt' | 'lt' | 'between' | 'in';

interface Expected {
  text: string;
  text2: string;
  texts: string[];
  raw: string;
  raw2: string;
  raws: string[];
}

/** Orders a scalar against an expected bound for the field's kind; null when they don't compare. */
function order(kind: Kind, actual: unknown, expected: string): number | null {
  if (kind === 'number') {
    const a = numberOf(actual);
    const b = numberOf(expected);
    return Number.isNaN(a) || Number.isNaN(b) ? null : compare(a, b);
  }
  if (kind === 'datetime') {
    const dateOnly = DATE_ONLY.test(expected.trim());
    const a = dateKey(actual, dateOnly);
    const b = dateKey(expected, dateOnly);
    return a === null || b === null ? null : compare(a, b);
  }
  return null;
}

function equals(kind: Kind, actual: unknown, expectedRaw: string, expectedText: string): boolean {
  if (kind === 'boolean') {
    const a = booleanOf(actual);
    return a !== null && a === booleanOf(expectedRaw);
  }
  if (kind === 'number' || kind === 'datetime') {
    const ordered = order(kind, actual, expectedRaw);
    if (ordered !== null) return ordered === 0;
  }
  return textOf(actual) === expectedText;
}

function scalarTest(op: PositiveOp, kind: Kind, actual: unknown, e: Expected): boolean {
  switch (op) {
    case 'is':
      return equals(kind, actual, e.raw, e.text);
    case 'in':
      return e.raws.some((raw, i) => equals(kind, actual, raw, e.texts[i] ?? ''));
    case 'contains':
      return textOf(actual).includes(e.text);
    case 'starts_with':
      return textOf(actual).startsWith(e.text);
    case 'ends_with':
      return textOf(actual).endsWith(e.text);
    case 'gt':
      return (order(kind, actual, e.raw) ?? 0) > 0;
    case 'lt':
      return (order(kind, actual, e.raw) ?? 0) < 0;
    case 'between': {
      const low = order(kind, actual, e.raw);
      const high = order(kind, actual, e.raw2);
      if (low === null || high === null) return false;
      const reversed = (order(kind, e.raw, e.raw2) ?? 0) > 0;
      return reversed ? high >= 0 && low <= 0 : low >= 0 && high <= 0;
    }
  }
}

export type RuleTest = (record: Record_) => boolean;

export function compileRule(rule: ConditionRule, types?: FieldTypes): RuleTest {
  const declared = types?.get(rule.field);
  const field = rule.field;
  if (rule.op === 'is_empty') return (record) => isEmptyValue(readField(record, field));
  if (rule.op === 'is_not_empty') return (record) => !isEmptyValue(readField(record, field));
  const negate = rule.op === 'isnt' || rule.op === 'not_contains';
  const op: PositiveOp = rule.op === 'isnt' ? 'is' : rule.op === 'not_contains' ? 'contains' : rule.op;
  const raws = rule.values.filter((v) => v.trim() !== '');
  const expected: Expected = {
    raw: rule.value,
    raw2: rule.value2,
    raws,
    text: textOf(rule.value),
    text2: textOf(rule.value2),
    texts: raws.map(textOf),
  };
  return (record) => {
    const actual = readField(record, field);
    let hit: boolean;
    if (Array.isArray(actual)) {
      hit = actual.some((item) => scalarTest(op, kindOf(declared === 'list' ? undefined : declared, item), item, expected));
    } else {
      hit = scalarTest(op, kindOf(declared, actual), actual, expected);
    }
    return negate ? !hit : hit;
  };
}

export function compileCondition(config: ConditionConfig, types?: FieldTypes): RuleTest {
  const tests = config.rules.map((item): RuleTest => {
    if (!isConditionGroup(item)) return compileRule(item, types);
    const inner = item.rules.map((rule) => compileRule(rule, types));
    return item.match === 'all' ? (r) => inner.every((t) => t(r)) : (r) => inner.some((t) => t(r));
  });
  return config.match === 'all' ? (r) => tests.every((t) => t(r)) : (r) => tests.some((t) => t(r));
}

export function evaluateRule(rule: ConditionRule, record: Record_, types?: FieldTypes): boolean {
  return compileRule(rule, types)(record);
}

export function evaluateCondition(config: ConditionConfig, record: Record_, types?: FieldTypes): boolean {
  return compileCondition(config, types)(record);
}

/** The fields a condition reads, for the run log's "input". */
export function conditionFields(config: ConditionConfig): string[] {
  const fields = new Set<string>();
  for (const item of config.rules) {
    for (const rule of isConditionGroup(item) ? item.rules : [item]) if (rule.field) fields.add(rule.field);
  }
  return [...fields];
}

// ── completeness and summaries ────────────────────────────────────────────────

export function needsValue(op: ConditionOperator): boolean {
  return op !== 'is_empty' && op !== 'is_not_empty' && op !== 'in';
}

/** Code-like text in a value is refused outright (security checklist S20). */
const CODE_LIKE = /\$\{|\bimport\s*\(|constructor\s*\.\s*constructor|__proto__/;

export interface RuleProblem {
  path: 'field' | 'op' | 'value' | 'value2' | 'values';
  code: 'RULE_INCOMPLETE' | 'RULE_VALUE_INVALID' | 'RULE_UNSAFE';
  message: string;
}

export function ruleProblem(rule: ConditionRule, type: FieldType | undefined): RuleProblem | null {
  if (rule.field.trim() === '') return { path: 'field', code: 'RULE_INCOMPLETE', message: 'Pick a field' };
  if (!isSafeFieldPath(rule.field)) return { path: 'field', code: 'RULE_UNSAFE', message: `"${rule.field}" is not a field name` };
  const texts: [RuleProblem['path'], string][] = [
    ['value', rule.value],
    ['value2', rule.value2],
    ...rule.values.map((v): [RuleProblem['path'], string] => ['values', v]),
  ];
  for (const [path, text] of texts) {
    if (CODE_LIKE.test(text))
      return { path, code: 'RULE_UNSAFE', message: 'Values are plain text: "${…}", "import(" and "constructor" are not allowed' };
  }
  if (rule.op === 'in') {
    return rule.values.some((v) => v.trim() !== '') ? null : { path: 'values', code: 'RULE_INCOMPLETE', message: 'Add at least one value' };
  }
  if (!needsValue(rule.op)) return null;
  if (rule.value.trim() === '')
    return { path: 'value', code: 'RULE_INCOMPLETE', message: rule.op === 'between' ? 'Enter both bounds' : 'Enter a value' };
  if (rule.op === 'between' && rule.value2.trim() === '') return { path: 'value2', code: 'RULE_INCOMPLETE', message: 'Enter both bounds' };
  const bounds = rule.op === 'between' ? [rule.value, rule.value2] : [rule.value];
  if (type === 'number' && bounds.some((v) => !isNumberText(v)))
    return { path: 'value', code: 'RULE_VALUE_INVALID', message: 'Enter a number, e.g. 100 or 99.5' };
  if (type === 'datetime' && (rule.op === 'gt' || rule.op === 'lt' || rule.op === 'between') && bounds.some((v) => !isDateText(v)))
    return { path: 'value', code: 'RULE_VALUE_INVALID', message: 'Enter a date such as 2025-01-31 or 2025-01-31T09:00:00+05:30' };
  return null;
}
