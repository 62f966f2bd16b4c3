import { expect, type Page } from '@playwright/test';

/** A workflow file with only a trigger and a condition: it runs without any connection. */
export function triggerAndConditionFile(name: string, changedFields: string[] = []): string {
  return JSON.stringify({
    format: 'workflow/1',
    name,
    nodes: [
      { id: 'trigger', type: 'trigger', config: { module: 'Contacts', events: ['create', 'edit'], changedFields } },
      {
        id: 'has_email',
        type: 'condition',
        config: { match: 'all', rules: [{ field: 'Email', op: 'is_not_empty', value: '', value2: '', values: [] }] },
      },
    ],
    edges: [{ id: 'e_trigger_has_email', source: 'trigger', target: 'has_email' }],
    connections: [],
    layout: { nodes: { trigger: { x: 0, y: 0 }, has_email: { x: 0, y: 160 } } },
  });
}

/** Imports a workflow file through the Import dialog and waits for its editor. */
export async function importWorkflow(page: Page, text: string): Promise<void> {
  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
  await dialog.getByLabel("Or paste the file's JSON").fill(text);
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
}
