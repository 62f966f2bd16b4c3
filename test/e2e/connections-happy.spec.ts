import { expect, test } from '@playwright/test';
import { APP, createAndConnect, lastSeq, sandboxRequests, tokenRequests } from './connections-support.ts';

test('a newcomer connects Bigin and Books on the sandbox, sees both Connected, and Test connection succeeds', async ({ page }) => {
  const since = await lastSeq();
  const bigin = await createAndConnect(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL');
  expect(bigin).toBe('bigin_connection');
  expect(page.url()).not.toMatch(/[?&](code|state)=/);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');
  await expect(page.getByTestId('test-result')).toContainText('200');

  const books = await createAndConnect(page, 'Zoho Books', 'Books Connection', 'ZohoBooks.fullaccess.all');
  expect(books).toBe('books_connection');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');
  await expect(page.getByTestId('test-result')).toContainText('/books/v3/organizations');

  await page.goto('/#/connections/my');
  const table = page.getByRole('table', { name: 'My connections' });
  for (const linkName of [bigin, books]) {
    const row = table.locator(`tr[data-link-name="${linkName}"]`);
    await expect(row.getByText('Connected', { exact: true })).toBeVisible();
    await expect(row.getByText(linkName, { exact: true })).toBeVisible();
  }

  const authorize = (await sandboxRequests(since)).filter((r) => r.path === '/oauth/v2/auth');
  expect(authorize).toHaveLength(2);
  expect(await tokenRequests(since, 'authorization_code')).toHaveLength(2);
  expect(new URL(page.url()).origin).toBe(APP);
});
