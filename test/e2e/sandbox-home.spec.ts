import { expect, test } from '@playwright/test';

/** The sandbox's own page: what a person does in the Bigin article's test step (create, then edit a contact). */
const SANDBOX = `http://localhost:${Number(process.env.E2E_SANDBOX_PORT ?? 4010)}`;

test('creates and edits a Bigin contact from the sandbox page', async ({ page, request }) => {
  const last = `Playwright${Date.now()}`;
  await page.goto(`${SANDBOX}/`);
  await expect(page.getByRole('heading', { name: 'Organizations' })).toBeVisible();
  await expect(page.getByText('organization_id')).toBeVisible();

  const form = page.locator('#contact-form');
  await form.getByLabel('First name').fill('Pat');
  await form.getByLabel('Last name (required)').fill(last);
  await form.getByLabel('Email').fill('pat.e2e@example.com');
  await form.getByLabel('Company').selectOption({ label: 'Fernhill Nursery' });
  await form.getByRole('button', { name: 'Create contact' }).click();

  await expect(page.getByRole('status')).toContainText('Saved Bigin contact');
  const row = page.locator('tr', { hasText: last });
  await expect(row).toContainText('pat.e2e@example.com');
  await expect(row).toContainText('Fernhill Nursery');

  await row.getByRole('link', { name: 'Edit' }).click();
  await expect(form.getByRole('heading')).toContainText('Edit Bigin contact');
  await form.getByLabel('Email').fill('pat.changed@example.com');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('tr', { hasText: last })).toContainText('pat.changed@example.com');

  const events = (await (await request.get(`${SANDBOX}/_sandbox/events`)).json()) as { event: string }[];
  expect(events.map((e) => e.event).slice(-2)).toEqual(['Contacts.create', 'Contacts.edit']);
});
