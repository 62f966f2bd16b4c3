import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConditionConfig, ConditionRule } from '../../../src/domain/index.ts';
import { evaluateCondition, evaluateRule, fieldTypesFor, operatorsFor, readField } from '../../../src/engine/conditions.ts';
import { janeDoe } from './fakes.ts';

const types = fieldTypesFor('Contacts');
const rule = (r: Partial<ConditionRule>): ConditionRule => ({ field: 'Email', op: 'is', value: '', value2: '', values: [], ...r });
const test = (r: Partial<ConditionRule>, record: Record<string, unknown> = janeDoe()) => evaluateRule(rule(r), record, types);

describe('conditions: every operator', () => {
  it('is / isnt compare text trimmed and case-insensitively', () => {
    expect(test({ op: 'is', value: ' JANE@example.com ' })).toBe(true);
    expect(test({ op: 'is', value: 'john@example.com' })).toBe(false);
    expect(test({ op: 'isnt', value: 'john@example.com' })).toBe(true);
    expect(test({ op: 'isnt', value: 'Jane@Example.com' })).toBe(false);
  });

  it('contains / not_contains / starts_with / ends_with', () => {
    expect(test({ op: 'contains', value: '@EXAMPLE' })).toBe(true);
    expect(test({ op: 'not_contains', value: '@example' })).toBe(false);
    expect(test({ op: 'not_contains', value: '@acme' })).toBe(true);
    expect(test({ op: 'starts_with', value: 'jane@' })).toBe(true);
    expect(test({ op: 'starts_with', value: 'example' })).toBe(false);
    expect(test({ op: 'ends_with', value: '.com' })).toBe(true);
    expect(test({ op: 'ends_with', value: '.org' })).toBe(false);
  });

  it('is_empty / is_not_empty treat null, missing, blank text, empty lists and empty lookups as empty', () => {
    for (const Email of [null, undefined, '', '   ']) {
      expect(test({ op: 'is_empty' }, janeDoe({ Email }))).toBe(true);
      expect(test({ op: 'is_not_empty' }, janeDoe({ Email }))).toBe(false);
    }
    expect(test({ op: 'is_not_empty' })).toBe(true);
    expect(test({ field: 'Tag', op: 'is_empty' }, janeDoe({ Tag: [] }))).toBe(true);
    expect(test({ field: 'Account_Name', op: 'is_empty' }, janeDoe({ Account_Name: { name: '', id: '' } }))).toBe(true);
    expect(test({ field: 'Email_Opt_Out', op: 'is_empty' }, janeDoe({ Email_Opt_Out: false }))).toBe(false);
  });

  it('gt / lt / between compare numbers as numbers, not text', () => {
    const deal = { Amount: 950 };
    const t = (r: Partial<ConditionRule>) => evaluateRule(rule({ field: 'Amount', ...r }), deal, fieldTypesFor('Pipelines'));
    expect(t({ op: 'gt', value: '100' })).toBe(true);
    expect(t({ op: 'lt', value: '1000' })).toBe(true);
    expect(t({ op: 'gt', value: '1000' })).toBe(false);
    expect(t({ op: 'between', value: '900', value2: '950' })).toBe(true);
    expect(t({ op: 'between', value: '1000', value2: '900' })).toBe(true);
    expect(t({ op: 'between', value: '951', value2: '2000' })).toBe(false);
    expect(t({ op: 'is', value: '950.0' })).toBe(true);
    expect(evaluateRule(rule({ field: 'Amount', op: 'gt', value: '9' }), { Amount: '10' }, fieldTypesFor('Pipelines'))).toBe(true);
  });

  it('compares dates: a full timestamp as an instant, a plain date by the day written in the record', () => {
    const record = janeDoe({ Created_Time: '2025-01-15T23:30:00+05:30' });
    expect(test({ field: 'Created_Time', op: 'gt', value: '2025-01-15T17:00:00Z' }, record)).toBe(true);
    expect(test({ field: 'Created_Time', op: 'lt', value: '2025-01-15T17:00:00Z' }, record)).toBe(false);
    expect(test({ field: 'Created_Time', op: 'is', value: '2025-01-15' }, record)).toBe(true);
    expect(test({ field: 'Created_Time', op: 'between', value: '2025-01-01', value2: '2025-01-15' }, record)).toBe(true);
    expect(test({ field: 'Created_Time', op: 'gt', value: '2025-01-15' }, record)).toBe(false);
    expect(test({ field: 'Created_Time', op: 'gt', value: '2025-01-15' }, janeDoe({ Created_Time: null }))).toBe(false);
  });

  it('compares lookups by name', () => {
    expect(test({ field: 'Account_Name', op: 'is', value: 'acme' })).toBe(true);
    expect(test({ field: 'Account_Name', op: 'is', value: '4150868000000224003' })).toBe(false);
    expect(test({ field: 'Account_Name', op: 'in', values: ['Globex', 'Acme'] })).toBe(true);
  });

  it('matches lists element by element, negations when no element matches', () => {
    const record = janeDoe({
      Tag: [
        { name: 'VIP', id: '1' },
        { name: 'Partner', id: '2' },
      ],
    });
    expect(test({ field: 'Tag', op: 'contains', value: 'vip' }, record)).toBe(true);
    expect(test({ field: 'Tag', op: 'not_contains', value: 'vip' }, record)).toBe(false);
    expect(test({ field: 'Tag', op: 'not_contains', value: 'lead' }, record)).toBe(true);
    expect(test({ field: 'Tag', op: 'in', values: ['partner'] }, record)).toBe(true);
    expect(test({ field: 'Tag', op: 'is', value: 'Lead' }, record)).toBe(false);
  });

  it('in matches any of the values; booleans accept true/false words', () => {
    expect(test({ op: 'in', values: ['x@y.z', 'JANE@example.com'] })).toBe(true);
    expect(test({ op: 'in', values: ['x@y.z'] })).toBe(false);
    expect(test({ field: 'Email_Opt_Out', op: 'is', value: 'true' }, janeDoe({ Email_Opt_Out: true }))).toBe(true);
    expect(test({ field: 'Email_Opt_Out', op: 'isnt', value: 'yes' }, janeDoe({ Email_Opt_Out: false }))).toBe(true);
  });

  it('infers types for fields missing from the module list', () => {
    expect(evaluateRule(rule({ field: 'Custom_Score', op: 'gt', value: '9' }), { Custom_Score: 10 }, types)).toBe(true);
    expect(evaluateRule(rule({ field: 'Custom_Score', op: 'gt', value: '9' }), { Custom_Score: 'abc' }, types)).toBe(false);
  });

  it('combines rules with all/any and one level of groups', () => {
    const config: ConditionConfig = {
      match: 'all',
      rules: [
        rule({ op: 'is_not_empty' }),
        { match: 'any', rules: [rule({ field: 'Phone', op: 'contains', value: '999' }), rule({ field: 'Mobile', op: 'ends_with', value: '0101' })] },
      ],
    };
    expect(evaluateCondition(config, janeDoe(), types)).toBe(true);
    expect(evaluateCondition(config, janeDoe({ Mobile: null }), types)).toBe(false);
    expect(evaluateCondition({ ...config, match: 'any' }, janeDoe({ Mobile: null }), types)).toBe(true);
  });

  it('never reads through the prototype chain', () => {
    expect(readField({}, 'constructor')).toBeUndefined();
    expect(readField({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(test({ field: 'toString', op: 'is_empty' }, {})).toBe(true);
  });

  it('offers operators that fit the field type', () => {
    expect(operatorsFor('number')).toContain('between');
    expect(operatorsFor('text')).not.toContain('gt');
    expect(operatorsFor('boolean')).toEqual(['is', 'isnt', 'is_empty', 'is_not_empty']);
  });
});

describe('engine source', () => {
  it('contains no eval or Function constructor (security checklist S20)', () => {
    const root = join(import.meta.dirname, '../../../src/engine');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(/);
  });
});
