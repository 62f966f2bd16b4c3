import { describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import { nodeSummary, triggerSummary, workflowTriggerSummary } from '../../../src/ui/workflows/summary.ts';

const [trigger, condition, fn] = BIGIN_BOOKS_SYNC_TEMPLATE.build().nodes;

describe('node summaries', () => {
  it('says what a trigger listens to', () => {
    expect(triggerSummary({ module: 'Contacts', events: ['create', 'edit'], changedFields: [] })).toBe('Contacts · Create / Edit');
    expect(triggerSummary({ module: 'Accounts', events: ['edit'], changedFields: ['Phone', 'Website'] })).toBe(
      'Companies · Edit · when Phone, Website changed',
    );
    expect(triggerSummary({ module: 'Tasks', events: [], changedFields: [] })).toBe('Tasks · no event');
  });

  it('describes conditions with the module’s field labels', () => {
    if (condition?.type !== 'condition') throw new Error('template changed');
    expect(nodeSummary(condition, 'Contacts')).toBe('Email is not empty');
    const byLabel = {
      ...condition,
      config: { ...condition.config, rules: [{ field: 'Account_Name', op: 'is' as const, value: 'Zylker', value2: '', values: [] }] },
    };
    expect(nodeSummary(byLabel, 'Contacts')).toBe('Company Name is "Zylker"');
  });

  it('lists a built-in function’s connections and counts a script’s lines', () => {
    if (fn?.type !== 'function') throw new Error('template changed');
    expect(nodeSummary(fn, 'Contacts')).toBe('Built-in action · bigin: —, books: —');
    expect(nodeSummary({ ...fn, config: { ...fn.config, kind: 'deluge', script: 'a = 1;\n\ninfo a;\n' } }, 'Contacts')).toBe(
      'Deluge script · 2 lines',
    );
  });

  it('summarises a workflow by its trigger', () => {
    expect(workflowTriggerSummary(trigger ? [trigger] : [])).toBe('Contacts · Create / Edit');
    expect(workflowTriggerSummary([])).toBe('No trigger yet');
  });
});
