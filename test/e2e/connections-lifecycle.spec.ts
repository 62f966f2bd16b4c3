import { expect, test } from '@playwright/test';
import { SANDBOX, createAndConnect, lastSeq, tokenRequests } from './connections-support.ts';

test('a revoked grant turns the connection into "Reconnect required" after one refresh attempt, and Reconnect fixes it', async ({ page }) => {
  await createAndConnect(page, 'Zoho Bigin', 'Revoked Bigin', 'ZohoBigin.modules.ALL');
  await fetch(`${SANDBOX}/_sandbox/tokens/revoke-all`, { method: 'POST' });
  const since = await lastSeq();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('needs reconnecting');
  const doctor = page.getByRole('region', { name: 'Connection Revoked Bigin' });
  await expect(doctor.getByText('Reconnect required', { exact: true })).toBeVisible();
  expect(await tokenRequests(since, 'refresh_token')).toHaveLength(1);

  await page.getByRole('button', { name: 'Reconnect' }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('notice')).toContainText('Connected');
  await expect(doctor.getByText('Connected', { exact: true })).toBeVisible();
  await expect(doctor.getByTestId('link-name')).toHaveText('revoked_bigin');
});

test('when the browser cannot store the vault key, the app says secrets are session-only (S12)', async ({ page }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (value && typeof value === 'object' && 'key' in value && value.key instanceof CryptoKey)
        throw new DOMException('CryptoKey cannot be cloned', 'DataCloneError');
      return put.call(this, value, key);
    };
  });
  await page.goto('/#/connections');
  await expect(page.getByText('session-only mode')).toBeVisible();
});

test('Delete asks first and removes the connection', async ({ page }) => {
  await createAndConnect(page, 'Zoho Books', 'Doomed Books', 'ZohoBooks.fullaccess.all');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('alertdialog', { name: 'Confirm delete' })).toContainText('doomed_books');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('region', { name: 'Connection Doomed Books' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: 'Delete connection' }).click();
  await expect(page).toHaveURL(/#\/connections\/my$/);
  await expect(page.locator('tr[data-link-name="doomed_books"]')).toHaveCount(0);
});

test('the Create Service form reports field errors and refuses plain http off localhost', async ({ page }) => {
  await page.goto('/#/connections/custom');
  await page.getByRole('button', { name: 'Create Service' }).click();
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Service Link Name').fill('Bad Name');
  await form.getByLabel('API origins').fill('http://api.example.com');
  await form.getByLabel('Authorize URL').fill('http://auth.example.com/authorize');
  await form.getByRole('button', { name: 'Create Service' }).click();
  await expect(form.getByText('Enter the service name.')).toBeVisible();
  await expect(form.getByText(/must start with a lower-case letter/)).toBeVisible();
  await expect(form.getByText(/http:\/\/ is allowed only for localhost/).first()).toBeVisible();
  await expect(form.getByText('Enter the access token URL.')).toBeVisible();
  await expect(form.getByText('Enter the client ID.')).toBeVisible();
  await expect(form.getByText(/not confidential/)).toBeVisible();
});
