import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { expectRunStatus, logEntries } from './runs-support.ts';
import { importWorkflow, triggerAndConditionFile } from './workflow-support.ts';

/** Issue 15.2: "Only when these fields changed" can be tried from the Test run dialog. */
test('an Edit test run offers the changed fields, preselected from the trigger, and skips when none is watched', async ({ page }) => {
  await importWorkflow(page, triggerAndConditionFile('Email changes only', ['Email']));
  const record = '{"id":"77","First_Name":"Ada","Email":"ada@example.com","Phone":"+1-555-0101"}';

  const openDialog = async () => {
    await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Test run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test run' });
    await dialog.getByLabel('Paste a record as JSON').check();
    await dialog.getByLabel('Record JSON').fill(record);
    return dialog;
  };

  let dialog = await openDialog();
  await dialog.getByRole('radio', { name: 'Create', exact: true }).check();
  await expect(dialog.getByRole('group', { name: 'Changed fields' })).toHaveCount(0);
  await dialog.getByRole('radio', { name: 'Edit', exact: true }).check();
  const changed = dialog.getByRole('group', { name: 'Changed fields' });
  await expect(changed).toContainText('The trigger runs only when one of Email changed.');
  await expect(changed.getByRole('checkbox', { name: 'Email', exact: true })).toBeChecked();
  await expect(changed.getByRole('checkbox', { name: 'Phone', exact: true })).not.toBeChecked();
  const axe = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expectRunStatus(page, 'Succeeded');
  await expect(logEntries(page).locator('li').filter({ hasText: 'Run succeeded' })).toHaveCount(1);
  await expect(logEntries(page).locator('li').filter({ hasText: 'skipped' })).toHaveCount(0);

  dialog = await openDialog();
  await dialog.getByRole('radio', { name: 'Edit', exact: true }).check();
  await changed.getByRole('checkbox', { name: 'Email', exact: true }).uncheck();
  await changed.getByRole('checkbox', { name: 'Phone', exact: true }).check();
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expectRunStatus(page, 'Skipped');
  await expect(
    logEntries(page).locator('li').filter({ hasText: 'Trigger "Trigger" skipped: none of the watched fields changed (Email)' }),
  ).toHaveCount(1);
  await expect(logEntries(page).locator('li').filter({ hasText: 'Condition "Condition" skipped: the trigger did not fire' })).toHaveCount(1);
});
