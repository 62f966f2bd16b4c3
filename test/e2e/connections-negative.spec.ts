import { expect, test } from '@playwright/test';
import {
  APP,
  SANDBOX,
  createAndConnect,
  dumpBrowserStorage,
  fillSandboxConnection,
  lastSeq,
  openCreateForm,
  sandboxRequests,
  tokenRequests,
} from './connections-support.ts';

test('a tampered state shows "could not be verified", sends no token request and stores nothing', async ({ page }) => {
  await openCreateForm(page, 'Zoho Bigin');
  const linkName = await fillSandboxConnection(page, 'Tampered', 'ZohoBigin.modules.ALL');
  // The attacker's version of the answer: same code, different state.
  let tampered = false;
  await page.route(`${SANDBOX}/oauth/v2/auth?*`, async (route) => {
    const url = new URL(route.request().url());
    if (tampered) return route.continue();
    tampered = true;
    url.searchParams.set('state', `${url.searchParams.get('state')}x`);
    return route.fulfill({ status: 302, headers: { location: url.toString() } });
  });
  await page.getByRole('button', { name: 'Create and Connect' }).click();
  await expect(page.getByRole('button', { name: 'Accept' })).toBeVisible();
  expect(tampered).toBe(true);
  const since = await lastSeq();
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('notice')).toContainText('Sign-in could not be verified');
  expect(page.url()).toBe(`${APP}/#/connections`);
  expect(await tokenRequests(since)).toHaveLength(0);

  await page.goto('/#/connections/my');
  const row = page.locator(`tr[data-link-name="${linkName}"]`);
  await expect(row.getByText('Not connected')).toBeVisible();
  const dump = await dumpBrowserStorage(page);
  expect(dump).not.toContain('conn:');
});

test('Deny on the consent page shows a clear message and sends no token request', async ({ page }) => {
  await openCreateForm(page, 'Zoho Books');
  await fillSandboxConnection(page, 'Denied Books', 'ZohoBooks.fullaccess.all');
  await page.getByRole('button', { name: 'Create and Connect' }).click();
  const since = await lastSeq();
  await page.getByRole('button', { name: 'Deny' }).click();
  await expect(page.getByTestId('notice')).toContainText('Access was denied');
  await expect(page.getByRole('region', { name: 'Connection Denied Books' }).getByText('Not connected', { exact: true })).toBeVisible();
  await expect(page.getByTestId('last-error')).toContainText('OAUTH_ACCESS_DENIED');
  expect(await tokenRequests(since)).toHaveLength(0);
  expect(page.url()).not.toMatch(/error=|state=/);
});

test('reloading a used callback URL changes nothing and sends no token request', async ({ page }) => {
  let callbackUrl = '';
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.url().startsWith(`${APP}/oauth/callback`)) callbackUrl = request.url();
  });
  await createAndConnect(page, 'Zoho Bigin', 'Replay Target', 'ZohoBigin.modules.ALL');
  expect(callbackUrl).toContain('code=');
  const since = await lastSeq();
  await page.goto(callbackUrl);
  await expect(page.getByTestId('notice')).toContainText('already used');
  expect(await tokenRequests(since)).toHaveLength(0);
  await page.goto('/#/connections/my');
  await expect(page.locator('tr', { hasText: 'Replay Target' }).getByText('Connected', { exact: true })).toBeVisible();
});

test('two tabs holding an expired token make exactly one refresh request, and both calls succeed', async ({ page, context }) => {
  await createAndConnect(page, 'Zoho Bigin', 'Two Tabs', 'ZohoBigin.modules.ALL');
  const viewUrl = page.url();
  const second = await context.newPage();
  await second.goto(viewUrl);
  await expect(second.getByRole('button', { name: 'Test connection' })).toBeEnabled();
  await fetch(`${SANDBOX}/_sandbox/tokens/expire`, { method: 'POST' });
  const since = await lastSeq();
  await Promise.all([page.getByRole('button', { name: 'Test connection' }).click(), second.getByRole('button', { name: 'Test connection' }).click()]);
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');
  await expect(second.getByTestId('test-result')).toContainText('Test succeeded');
  expect(await tokenRequests(since, 'refresh_token')).toHaveLength(1);
  const apiCalls = (await sandboxRequests(since)).filter((r) => r.path.startsWith('/bigin/'));
  expect(apiCalls.filter((r) => r.status === 200)).toHaveLength(2);
});
