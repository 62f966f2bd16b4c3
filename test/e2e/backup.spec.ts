import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { SANDBOX } from './connections-support.ts';

const PLANTED_KEY = 'planted-backup-key-5be1c2';

async function createCustomService(page: Page): Promise<void> {
  await page.goto('/#/connections/custom');
  await page.getByRole('button', { name: 'Create Service' }).click();
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Service Name').fill('Backup Key API');
  await form.getByLabel('Service Link Name').fill('backup_key_api');
  await form.getByLabel('Authentication Type').selectOption('apikey');
  await form.getByLabel('API origins').fill(SANDBOX);
  await form.getByLabel('Parameter key').fill('X-Api-Key');
  await form.getByLabel('Display name').fill('API key');
  await form.getByRole('button', { name: 'Create Service' }).click();
  await expect(page.getByRole('article', { name: 'Backup Key API' })).toBeVisible();
}

test('Export all from one browser, Import all into a fresh one: workflows and custom services come back, no secret travels', async ({
  page,
  browser,
}) => {
  await createCustomService(page);
  // A connection with a key exists too: the backup must carry neither it nor its key.
  await page.getByRole('article', { name: 'Backup Key API' }).getByRole('button', { name: 'Create Connection' }).click();
  await page.getByLabel('Connection Name').fill('Backup key');
  await page.getByRole('button', { name: 'Create and Connect' }).click();
  await page.getByLabel('API key').fill(PLANTED_KEY);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await expect(page.getByRole('region', { name: 'Connection Backup key' }).getByText('Connected', { exact: true })).toBeVisible();

  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New from template' }).click();
  await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
  await expect(page.getByRole('heading', { name: /Workflow editor/ })).toBeAttached();
  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New Workflow' }).click();
  await expect(page.getByRole('heading', { name: /Workflow editor/ })).toBeAttached();

  await page.goto('/#/settings');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^workflow-builder-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 workflows and 1 custom service.' })).toBeVisible();
  const text = await readFile(await download.path(), 'utf8');
  expect(text).not.toContain(PLANTED_KEY);
  expect(text).not.toContain('"backup_key"'); // the connection's link name: connections are not backed up
  const file = JSON.parse(text) as { format: string; workflows: { name: string }[]; services: { name: string }[] };
  expect(file.format).toBe('workflow-builder-backup/1');
  expect(file.workflows.map((w) => w.name).sort()).toEqual(['Bigin → Books contact sync', 'Untitled workflow']);
  expect(file.services.map((s) => s.name)).toEqual(['Backup Key API']);

  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto('/#/settings');
    // A damaged file first: a clear message, and nothing is imported.
    const broken = JSON.parse(text) as { workflows: { nodes: unknown }[] };
    if (broken.workflows[0]) broken.workflows[0].nodes = 'lost';
    await other
      .getByLabel('Import all')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await expect(other.getByRole('alert')).toContainText(/broken\.json cannot be imported, nothing was changed\. workflows\[0\]\.nodes/);
    await other.goto('/#/workflows');
    await expect(other.getByText('No workflows yet')).toBeVisible();

    await other.goto('/#/settings');
    await other.getByLabel('Import all').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(other.getByRole('group', { name: 'Backup to import' })).toContainText('This file holds 2 workflows and 1 custom service');
    await other.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(other.getByRole('status').filter({ hasText: 'Imported 2 workflows and 1 custom service.' })).toBeVisible();

    await other.goto('/#/workflows');
    await expect(other.getByRole('link', { name: 'Bigin → Books contact sync' })).toBeVisible();
    await expect(other.getByRole('link', { name: 'Untitled workflow' })).toBeVisible();
    await other.goto('/#/connections/custom');
    await expect(other.getByRole('article', { name: 'Backup Key API' })).toBeVisible();

    // Importing the same file again adds the workflows again but keeps the service that is already here.
    await other.goto('/#/settings');
    await other.getByLabel('Import all').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(other.getByRole('group', { name: 'Backup to import' })).toContainText('Already here, kept as they are: Backup Key API.');
  } finally {
    await fresh.close();
  }
});
