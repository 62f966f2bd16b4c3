import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

/** Every control of the list page and the editor has an accessible name, and nothing serious is flagged. */
test.describe('canvas accessibility', () => {
  test('the workflows page and the editor pass axe', async ({ page }) => {
    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New from template' }).click();
    const list = await new AxeBuilder({ page }).analyze();
    expect(list.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
    await page.locator('.svelte-flow__node').filter({ hasText: 'Condition' }).locator('.kind').click();
    await expect(page.getByRole('region', { name: 'Condition settings' })).toBeVisible();
    const editor = await new AxeBuilder({ page }).analyze();
    expect(editor.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    for (const kind of ['Trigger', 'Function']) {
      await page.locator('.svelte-flow__node').filter({ hasText: kind }).first().locator('.kind').click();
      await expect(page.getByRole('region', { name: `${kind} settings` })).toBeVisible();
      const panel = await new AxeBuilder({ page }).analyze();
      expect(panel.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }

    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('dialog', { name: 'Import a workflow' })).toBeVisible();
    const dialog = await new AxeBuilder({ page }).analyze();
    expect(dialog.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
