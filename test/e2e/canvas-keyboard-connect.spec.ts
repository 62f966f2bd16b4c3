import { expect, test, type Locator, type Page } from '@playwright/test';

/** Presses Tab until `target` has focus: the keyboard is the only way this spec moves around. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

const TRUE_EDGE = 'Condition → Sync contact to Zoho Books (true)';

test("keyboard only: remove the template's true edge and connect it again from the step panel", async ({ page }) => {
  await page.goto('/#/workflows');
  await tabTo(page, page.getByRole('button', { name: 'New from template' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Bigin → Books contact sync' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(3);

  const canvas = page.getByRole('application', { name: 'Workflow canvas' });
  const trueEdge = canvas.getByRole('group', { name: TRUE_EDGE });
  await expect(canvas.getByRole('group', { name: 'Trigger → Condition' })).toHaveCount(1);
  await tabTo(page, trueEdge);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Delete');
  await expect(trueEdge).toHaveCount(0);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);

  await tabTo(page, page.locator('.svelte-flow__node[data-id="has_email"]'));
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Condition settings' });
  await expect(panel).toBeVisible();
  const connectTo = panel.getByRole('form', { name: 'Connect to…' });
  await expect(connectTo.getByLabel('Output')).toHaveValue('true');
  await expect(connectTo.getByLabel('Next step').locator('option')).toHaveText(['Sync contact to Zoho Books']);
  await tabTo(page, connectTo.getByRole('button', { name: 'Connect' }));
  await page.keyboard.press('Enter');

  await expect(trueEdge).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: `Connected ${TRUE_EDGE}.` })).toHaveCount(1);
  await expect(connectTo).toContainText('No step can follow this true output');
  await expect(page.getByRole('region', { name: /Problems/ })).not.toContainText('not connected to the trigger');
});
