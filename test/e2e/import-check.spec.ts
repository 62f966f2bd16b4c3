import { expect, test } from '@playwright/test';
import { triggerAndConditionFile } from './workflow-support.ts';

/** Issue 15.4: the file check runs the editor's validation and imports nothing from a broken graph. */
test('an edge to a missing step is refused with its path, and nothing is imported', async ({ page }) => {
  const file = JSON.parse(triggerAndConditionFile('Dangling edge')) as { edges: { id: string; source: string; target: string }[] };
  file.edges.push({ id: 'e_gone', source: 'has_email', target: 'n_gone' });

  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
  await dialog.getByLabel("Or paste the file's JSON").fill(JSON.stringify(file));
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'This file cannot be imported. edges[1].target: This connection points to a step that no longer exists ("n_gone"); remove it',
  );
  await expect(dialog.getByRole('region', { name: 'Import preview' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Dangling edge')).toHaveCount(0);
});
