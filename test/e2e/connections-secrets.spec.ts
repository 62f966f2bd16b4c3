import { expect, test } from '@playwright/test';
import { SANDBOX, createAndConnect, dumpBrowserStorage, lastSeq, sandboxRequests } from './connections-support.ts';

const PLANTED_KEY = 'pk_live_PLANTED_9f8e7d6c5b4a';

test('no token or key is readable in browser storage or the console; Disconnect revokes and wipes', async ({ page }) => {
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(String(error)));
  const secrets: string[] = [PLANTED_KEY];
  page.on('response', async (response) => {
    if (response.url().startsWith(`${SANDBOX}/oauth/v2/token`) && response.request().method() === 'POST') {
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token']) if (typeof body[key] === 'string') secrets.push(body[key]);
    }
  });

  await createAndConnect(page, 'Zoho Bigin', 'Secret Bigin', 'ZohoBigin.modules.ALL');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');
  const biginView = page.url();
  expect(secrets.length).toBe(3);

  // An API-key custom service pointed at the sandbox, with a planted key.
  await page.goto('/#/connections/custom');
  await page.getByRole('button', { name: 'Create Service' }).click();
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Service Name').fill('Planted Key API');
  await form.getByLabel('Service Link Name').fill('planted_key_api');
  await form.getByLabel('Authentication Type').selectOption('apikey');
  await form.getByLabel('API origins').fill(SANDBOX);
  await form.getByLabel('Test request URL (optional)').fill(`${SANDBOX}/_sandbox/health`);
  await form.getByLabel('Parameter key').fill('X-Api-Key');
  await form.getByLabel('Display name').fill('API key');
  await form.getByRole('button', { name: 'Create Service' }).click();
  const card = page.getByRole('article', { name: 'Planted Key API' });
  await card.getByRole('button', { name: 'Create Connection' }).click();
  await page.getByLabel('Connection Name').fill('Planted');
  await page.getByRole('button', { name: 'Create and Connect' }).click();
  await page.getByLabel('API key').fill(PLANTED_KEY);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await expect(page.getByRole('region', { name: 'Connection Planted' }).getByText('Connected', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');

  // The form never shows the saved key.
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(page.getByLabel('API key')).toHaveValue('');
  await expect(page.getByLabel('API key')).toHaveAttribute('placeholder', '•••• saved');

  const dump = await dumpBrowserStorage(page);
  expect(dump).toContain('workflow-builder/vault');
  expect(dump).toContain('[CryptoKey extractable=false]');
  for (const secret of secrets) {
    expect(dump).not.toContain(secret);
    expect(consoleLines.join('\n')).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
  }

  const connectionId = decodeURIComponent(biginView.split('/').at(-1)!);
  expect(dump).toContain(`conn:${connectionId}:tokens`);
  await page.goto(biginView);
  const since = await lastSeq();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByText('the provider revoked the grant')).toBeVisible();
  expect((await sandboxRequests(since)).filter((r) => r.path === '/oauth/v2/token/revoke' && r.status === 200)).toHaveLength(1);
  const after = await dumpBrowserStorage(page);
  expect(after).not.toContain(`conn:${connectionId}:`);
  expect(after).toContain('planted_key_api');
});
