import { expect, test } from '@playwright/test';

test('a change made just before a reload is not lost, even before autosave ran', async ({ page }) => {
  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New from template' }).click();
  await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
  const nodes = page.locator('.svelte-flow__node');
  await expect(nodes).toHaveCount(3);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  await page.getByRole('region', { name: 'Palette' }).getByRole('button', { name: 'Function' }).click();
  await expect(nodes).toHaveCount(4);
  // No wait for "Saved": the page goes away at once.
  await page.reload();
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
  await expect(nodes).toHaveCount(4);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(nodes).toHaveCount(4);
});
