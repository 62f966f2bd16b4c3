import { expect, test } from '@playwright/test';
import { SANDBOX, createAndConnect } from './connections-support.ts';
import { ORG, expectRunStatus, logEntries, newBiginContact, testRun } from './runs-support.ts';

/** Issue 15.6: the function form's connections and Organization ID, and what a dry run says it would send. */
test('the only connection of each service is preselected, the organization is picked from Books, and a dry run would create once on the real host', async ({
  page,
}) => {
  await createAndConnect(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL');
  await createAndConnect(page, 'Zoho Books', 'Books Connection', 'ZohoBooks.fullaccess.all');

  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New from template' }).click();
  await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
  await page
    .locator('.svelte-flow__node')
    .filter({ has: page.locator('.kind', { hasText: /^Function$/ }) })
    .locator('.kind')
    .click();
  const settings = page.getByRole('region', { name: 'Function settings' });
  await expect(settings.getByLabel('Bigin connection')).toHaveValue('bigin_connection');
  await expect(settings.getByLabel('Zoho Books connection')).toHaveValue('books_connection');

  const organization = settings.getByLabel('Organization in "books_connection"');
  await expect(organization.locator('option', { hasText: `(${ORG})` })).toHaveCount(1);
  await organization.selectOption(ORG);
  await expect(settings.getByLabel('Organization ID')).toHaveValue(ORG);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  const contact = await newBiginContact();
  await testRun(page, { json: JSON.stringify({ id: contact.id, Email: contact.email }), event: 'Create', dryRun: true });
  await expectRunStatus(page, 'Succeeded');
  const wouldSend = logEntries(page).locator('li').filter({ hasText: 'would send' });
  await expect(wouldSend).toHaveCount(1);
  await expect(wouldSend).toContainText(`POST ${SANDBOX}/books/v3/contacts`);
  await expect(wouldSend.locator('summary')).not.toContainText('www.zohoapis.com');

  const ran = logEntries(page)
    .locator('li')
    .filter({ hasText: /Sync contact to Zoho Books" ran/ });
  await ran.locator('summary').click();
  await expect(ran).toContainText('"action": "would create"');
});
