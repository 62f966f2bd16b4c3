import { expect, test, type ConsoleMessage } from '@playwright/test';
import { buildSyncWorkflow, executionLog, expectRunStatus, newBiginContact, testRun } from './runs-support.ts';

/**
 * The main flows log no console warning or error: a warning nobody reads today hides the one that matters
 * tomorrow. Connections (create, connect, test), the canvas, a test run, the Runs page and the Deluge editor,
 * in one browser page, with every console warning, error and uncaught exception collected.
 */
// Blocking the service worker (the suite's default) makes Playwright itself log a warning; this spec runs the
// build as people get it instead.
test.use({ serviceWorkers: 'allow' });

test('connections, canvas, test run, runs page and the Deluge editor log no console warning or error', async ({ page }) => {
  const noise: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'warning' || message.type() === 'error') noise.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => noise.push(`uncaught: ${error.message}`));

  const workflowUrl = await buildSyncWorkflow(page);

  await page.goto('/#/connections/my');
  await page.getByRole('link', { name: 'Open Bigin Connection' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');

  const contact = await newBiginContact();
  await page.goto(workflowUrl);
  await testRun(page, { sampleId: contact.id, event: 'Create', dryRun: true });
  await expectRunStatus(page, 'Succeeded');

  await executionLog(page).getByRole('link', { name: 'Open in run history' }).click();
  await expect(page.getByRole('heading', { name: /^Run of / })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();

  await page.goto(workflowUrl);
  await page
    .locator('.svelte-flow__node')
    .filter({ has: page.locator('.kind', { hasText: /^Function$/ }) })
    .locator('.kind')
    .click();
  const settings = page.getByRole('region', { name: 'Function settings' });
  await settings.getByRole('radio', { name: 'Deluge script' }).check();
  const script = settings.getByRole('textbox', { name: 'Deluge script' });
  await script.click();
  await page.keyboard.type('info "hello";');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(';');
  await expect(script).toContainText('info "hello";');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  expect(noise).toEqual([]);
});
