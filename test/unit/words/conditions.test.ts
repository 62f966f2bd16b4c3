import { describe, expect, it } from 'vitest';
import type { ConditionConfig, ConditionRule } from '../../../src/domain/index.ts';
import { describeCondition, describeRule, OPERATOR_LABELS } from '../../../src/app/words/conditions.ts';
import { fieldLabel, operatorsFor } from '../../../src/engine/conditions.ts';

const rule = (r: Partial<ConditionRule>): ConditionRule => ({ field: 'Email', op: 'is', value: '', value2: '', values: [], ...r });

describe('describeRule / describeCondition', () => {
  const label = (f: string) => fieldLabel('Contacts', f);
  it('summarises rules on one line', () => {
    expect(describeRule(rule({ op: 'is_not_empty' }))).toBe('Email is not empty');
    expect(describeRule(rule({ field: 'Account_Name', op: 'isnt', value: 'Acme' }), label)).toBe('Company Name isn\'t "Acme"');
    expect(describeRule(rule({ field: 'Amount', op: 'between', value: '10', value2: '20' }))).toBe('Amount is between 10 and 20');
    expect(describeRule(rule({ field: 'Stage', op: 'in', values: ['Won', 'Lost'] }))).toBe('Stage is one of "Won", "Lost"');
    expect(describeRule(rule({ field: '', op: 'contains' }))).toBe('(no field) contains …');
  });
  it('joins rules and groups', () => {
    const config: ConditionConfig = {
      match: 'all',
      rules: [
        rule({ op: 'is_not_empty' }),
        { match: 'any', rules: [rule({ field: 'Phone', op: 'is_not_empty' }), rule({ field: 'Mobile', op: 'is_not_empty' })] },
      ],
    };
    expect(describeCondition(config)).toBe('Email is not empty and (Phone is not empty or Mobile is not empty)');
    expect(describeCondition({ match: 'all', rules: [] })).toBe('No rules yet');
  });
});

describe('OPERATOR_LABELS', () => {
  it('names every operator the editor offers for each field type', () => {
    for (const type of ['text', 'email', 'phone', 'number', 'boolean', 'datetime', 'lookup', 'list'] as const)
      for (const op of operatorsFor(type)) expect(OPERATOR_LABELS[op]).toMatch(/\w/);
  });
});
