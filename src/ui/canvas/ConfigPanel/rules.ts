import type { ConditionRule, FieldType } from '../../../domain/index.ts';
import { operatorsFor } from '../../../app/facades/workflows.ts';

export function emptyRule(): ConditionRule {
  return { field: '', op: 'is', value: '', value2: '', values: [] };
}

/** Picking a field keeps the operator when it still fits the field's type, else takes the first that does. */
export function withFieldOperator(rule: ConditionRule, field: string, typeOf: (field: string) => FieldType | undefined): ConditionRule {
  const allowed = operatorsFor(typeOf(field));
  return { ...rule, field, op: allowed.includes(rule.op) ? rule.op : (allowed[0] ?? 'is') };
}
