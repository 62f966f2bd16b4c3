import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createAndConnect } from './connections-support.ts';
import { expectRunStatus, testRun } from './runs-support.ts';
import { importWorkflow, triggerAndConditionFile } from './workflow-support.ts';

/**
 * Every violation axe finds, of any impact, as `rule: selectors`; the goal is none at all. The
 * accessible-name-contains-visible-text check (WCAG 2.5.3) is experimental in axe, so it is asked for.
 */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('every page passes axe with zero violations', () => {
  test('Connections: My Connections (empty and listed), a connection, Default Services, Custom Services', async ({ page }) => {
    await page.goto('/#/connections/my');
    await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await createAndConnect(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL');
    expect(await violations(page)).toEqual([]);
    await page.goto('/#/connections/my');
    await expect(page.getByRole('table', { name: 'My connections' }).getByRole('row')).toHaveCount(2);
    expect(await violations(page)).toEqual([]);

    await page.goto('/#/connections/default');
    await expect(page.getByRole('link', { name: 'Default Services' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { name: 'Zoho Bigin' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('article', { name: 'Zoho Books', exact: true }).getByRole('button', { name: 'Create Connection' }).click();
    await expect(page.getByRole('form', { name: 'Create connection' })).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await page.goto('/#/connections/custom');
    await expect(page.getByRole('link', { name: 'Custom Services' })).toHaveAttribute('aria-current', 'page');
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create Service' }).click();
    await expect(page.getByRole('form', { name: 'Create service' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('Runs with a run listed, its log, and Settings', async ({ page }) => {
    await importWorkflow(page, triggerAndConditionFile('Axe run'));
    await testRun(page, { json: '{"id":"1","Email":"a@example.com"}', event: 'Create' });
    await expectRunStatus(page, 'Succeeded');

    await page.goto('/#/runs');
    await expect(page.getByRole('link', { name: /^Open log/ })).toHaveCount(1);
    expect(await violations(page)).toEqual([]);
    await page.getByRole('link', { name: /^Open log/ }).click();
    await expect(page.getByRole('heading', { name: 'Execution log' })).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await page.goto('/#/settings');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
});
