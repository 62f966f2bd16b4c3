/**
 * Condition rules in words: the editor's operator menu and step summaries, and the run log's
 * "Email is not empty: false". Run logs are worded when they are written, by the browser and by the
 * headless runner alike, so these words live in app (the lowest layer that writes a run log) and
 * the ui reaches them through the workflows facade.
 */
import { isConditionGroup, type ConditionConfig, type ConditionOperator, type ConditionRule } from '../../domain/index.ts';
import { isNumberText } from '../../engine/conditions.ts';

export const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  is: 'is',
  isnt: "isn't",
  contains: 'contains',
  not_contains: "doesn't contain",
  starts_with: 'starts with',
  ends_with: 'ends with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  gt: 'is greater than',
  lt: 'is less than',
  between: 'is between',
  in: 'is one of',
};

function shown(value: string): string {
  const text = value.trim();
  if (text === '') return '…';
  return isNumberText(text) ? text : `"${text}"`;
}

/** One-line summary such as `Email is not empty` or `Amount is between 10 and 20`. */
export function describeRule(rule: ConditionRule, label: (field: string) => string = (f) => f): string {
  const field = rule.field.trim() === '' ? '(no field)' : label(rule.field);
  const words = OPERATOR_LABELS[rule.op];
  switch (rule.op) {
    case 'is_empty':
    case 'is_not_empty':
      return `${field} ${words}`;
    case 'between':
      return `${field} ${words} ${shown(rule.value)} and ${shown(rule.value2)}`;
    case 'in': {
      const values = rule.values.filter((v) => v.trim() !== '');
      return `${field} ${words} ${values.length ? values.map(shown).join(', ') : '…'}`;
    }
    default:
      return `${field} ${words} ${shown(rule.value)}`;
  }
}

export function describeCondition(config: ConditionConfig, label?: (field: string) => string): string {
  if (config.rules.length === 0) return 'No rules yet';
  const joiner = (match: 'all' | 'any') => (match === 'all' ? ' and ' : ' or ');
  const parts = config.rules.map((item) => {
    if (!isConditionGroup(item)) return describeRule(item, label);
    const inner = item.rules.map((rule) => describeRule(rule, label)).join(joiner(item.match));
    return config.rules.length > 1 && item.rules.length > 1 ? `(${inner})` : inner;
  });
  return parts.join(joiner(config.match));
}
