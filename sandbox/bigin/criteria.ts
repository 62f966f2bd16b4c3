/**
 * Search criteria as Bigin/CRM write them: `(Field:operator:value)` groups joined with `and`/`or`,
 * e.g. `((Last_Name:equals:Burns)and(Email:starts_with:b))`. `\(`, `\)` and `\\` escape in values.
 */
export type Criteria =
  | { kind: 'cond'; field: string; op: 'equals' | 'not_equal' | 'starts_with' | 'in'; value: string }
  | { kind: 'and' | 'or'; left: Criteria; right: Criteria };

export class CriteriaError extends Error {}

const OPS = new Set(['equals', 'not_equal', 'starts_with', 'in']);

export function parseCriteria(source: string): Criteria {
  let i = 0;
  const expect = (ch: string): void => {
    if (source[i] !== ch) throw new CriteriaError(`expected "${ch}" at position ${i}`);
    i++;
  };
  const group = (): Criteria => {
    expect('(');
    let node: Criteria;
    if (source[i] === '(') {
      node = expr();
    } else {
      let text = '';
      while (i < source.length && source[i] !== ')') {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        text += source[i];
        i++;
      }
      const first = text.indexOf(':');
      const second = text.indexOf(':', first + 1);
      if (first <= 0 || second < 0) throw new CriteriaError(`"${text}" is not Field:operator:value`);
      const op = text.slice(first + 1, second).toLowerCase();
      if (!OPS.has(op)) throw new CriteriaError(`operator "${op}" is not supported`);
      node = { kind: 'cond', field: text.slice(0, first).trim(), op: op as 'equals', value: text.slice(second + 1) };
    }
    expect(')');
    return node;
  };
  const expr = (): Criteria => {
    let node = group();
    for (;;) {
      const rest = source.slice(i).toLowerCase();
      const joiner = rest.startsWith('and') ? 'and' : rest.startsWith('or') ? 'or' : null;
      if (!joiner) return node;
      i += joiner.length;
      node = { kind: joiner, left: node, right: group() };
    }
  };
  const result = expr();
  if (i !== source.length) throw new CriteriaError(`unexpected text at position ${i}`);
  return result;
}

export function fieldsOf(c: Criteria): string[] {
  return c.kind === 'cond' ? [c.field] : [...fieldsOf(c.left), ...fieldsOf(c.right)];
}

/** Text comparison is case-insensitive, as CRM-family search is; lookups compare by name or id. */
function text(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object') {
    const v = value as { name?: unknown; id?: unknown };
    return [String(v.name ?? ''), String(v.id ?? '')].map((s) => s.toLowerCase());
  }
  return [String(value).toLowerCase()];
}

export function matches(c: Criteria, record: Record<string, unknown>): boolean {
  if (c.kind !== 'cond') {
    return c.kind === 'and' ? matches(c.left, record) && matches(c.right, record) : matches(c.left, record) || matches(c.right, record);
  }
  const have = text(record[c.field]);
  const want = c.value.toLowerCase();
  switch (c.op) {
    case 'equals':
      return have.includes(want);
    case 'not_equal':
      return !have.includes(want);
    case 'starts_with':
      return have.some((h) => h.startsWith(want));
    case 'in':
      return want.split(',').some((w) => have.includes(w.trim()));
  }
}
