import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SANDBOX, dumpBrowserStorage, lastSeq, tokenRequests } from './connections-support.ts';
import {
  addFault,
  booksContactsWithEmail,
  buildSyncWorkflow,
  clearFaults,
  editBiginContact,
  executionLog,
  expectRunStatus,
  logEntries,
  newBiginContact,
  primaryPhone,
  sandboxControl,
  testRun,
} from './runs-support.ts';

/**
 * The article's scenario end to end in one fresh browser profile: connect Bigin and Books on the
 * sandbox, build the workflow from the template, test-run it, and survive the faults issue 6 lists.
 * The tests share one page and run in order: each builds on the connections and workflow before it.
 */
test.describe.configure({ mode: 'serial' });

const PLANTED = 'sk_live_PLANTED_run_7c1e9a';
let context: BrowserContext;
let page: Page;
let workflowUrl = '';
const consoleLines: string[] = [];
const secrets: string[] = [PLANTED];

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(String(error)));
  page.on('response', async (response) => {
    if (response.url().startsWith(`${SANDBOX}/oauth/v2/token`) && response.request().method() === 'POST') {
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token']) if (typeof body[key] === 'string') secrets.push(body[key]);
    }
  });
});

test.afterAll(async () => {
  await clearFaults();
  await context.close();
});

test.afterEach(async () => {
  await clearFaults();
});

async function openWorkflow(): Promise<void> {
  if (page.url() !== workflowUrl) await page.goto(workflowUrl);
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
}

const entry = (text: string | RegExp) => logEntries(page).locator('li').filter({ hasText: text });

test('connect Bigin and Books on the sandbox and build the workflow from the template', async () => {
  workflowUrl = await buildSyncWorkflow(page);
  await expect(executionLog(page).getByRole('heading', { name: 'Execution log' })).toBeVisible();
});

test('a new Bigin contact is created in Books: the log shows the search with 0 results and the 201', async () => {
  await openWorkflow();
  const contact = await newBiginContact();
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Test run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run' });
  await expect(dialog.getByLabel('Sample record', { exact: true }).locator(`option[value="${contact.id}"]`)).toHaveCount(1);
  // Both connections are on the sandbox data centre, so dry run starts off.
  await expect(dialog.getByRole('checkbox', { name: 'Dry run' })).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await testRun(page, { sampleId: contact.id, event: 'Create' });
  await expectRunStatus(page, 'Succeeded');
  await expect(entry(/GET \S+\/books\/v3\/contacts\?\S*email=\S+ → 200 · 0 results/)).toHaveCount(1);
  await expect(entry(/POST \S+\/books\/v3\/contacts\?organization_id=10234695 → 201/)).toHaveCount(1);
  await expect(entry('"Sync contact to Zoho Books" ran in')).toHaveCount(1);

  // An entry expands to the pretty JSON of the exchange.
  const create = entry(/POST \S+ → 201/);
  await create.locator('summary').click();
  await expect(create.locator('pre')).toContainText('"contact_name"');
  await expect(create.locator('pre')).toContainText('"status": 201');

  const rows = await booksContactsWithEmail(contact.email);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.contact_name).toBe(contact.name);
});

test('editing the phone updates the same Books contact; Re-run with the same input changes nothing more', async () => {
  await openWorkflow();
  const contact = await newBiginContact();
  await testRun(page, { sampleId: contact.id, event: 'Create' });
  await expectRunStatus(page, 'Succeeded');

  await editBiginContact(contact.id, { Phone: '+1-555-0199' });
  const runId = await testRun(page, { sampleId: contact.id, event: 'Edit' });
  await expectRunStatus(page, 'Succeeded');
  await expect(entry(/PUT \S+\/books\/v3\/contacts\/\d+\?organization_id=10234695 → 200/)).toHaveCount(1);
  let rows = await booksContactsWithEmail(contact.email);
  expect(rows).toHaveLength(1);
  expect(primaryPhone(rows[0])).toBe('+1-555-0199');

  await page.goto(`/#/runs/${runId}`);
  await expect(page.getByRole('heading', { name: 'Run of Bigin → Books contact sync' })).toBeVisible();
  await page.getByRole('button', { name: 'Re-run with the same input' }).click();
  await page.waitForURL((url) => url.hash.startsWith('#/runs/') && !url.hash.endsWith(runId));
  await expectRunStatus(page, 'Succeeded');
  rows = await booksContactsWithEmail(contact.email);
  expect(rows).toHaveLength(1);
});

test('a bad pasted record is refused clearly; a contact without an email skips the function', async () => {
  await openWorkflow();
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Test run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run' });
  await dialog.getByLabel('Paste a record as JSON').check();
  await dialog.getByLabel('Record JSON').fill('{"id": "1", ');
  await expect(dialog.getByText(/^This is not valid JSON: /)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await dialog.getByLabel('Record JSON').fill('[1, 2]');
  await expect(dialog.getByText('The record must be a JSON object ({ … }), not an array.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const record = {
    id: '4150868000000999001',
    First_Name: 'No',
    Last_Name: 'Email',
    Email: '',
    api_key: PLANTED,
    Description: `Authorization: Bearer ${PLANTED}`,
  };
  await testRun(page, { json: JSON.stringify(record), event: 'Create' });
  await expectRunStatus(page, 'Skipped');
  await expect(entry('"Sync contact to Zoho Books" skipped: condition "Email is not empty" was false')).toHaveCount(1);
  await expect(logEntries(page).locator('li[data-kind="http"]')).toHaveCount(0);

  // Filters: level and step, and search.
  await executionLog(page).getByLabel('Step').selectOption({ label: 'Condition' });
  await expect(logEntries(page).locator('li')).toHaveCount(2);
  await expect(logEntries(page).locator('li').last()).toContainText('"Condition" ran in');
  await expect(logEntries(page).locator('li').last()).toContainText('Email is not empty: false');
  await executionLog(page).getByLabel('Step').selectOption('');
  await executionLog(page).getByLabel('Search').fill('was false');
  await expect(logEntries(page).locator('li')).toHaveCount(2);
  await executionLog(page).getByLabel('Search').fill('');
});

test.describe('faults injected through the sandbox', () => {
  test('Books answers 500 twice, then the create succeeds once', async () => {
    await openWorkflow();
    const contact = await newBiginContact();
    await addFault({
      match: { method: 'POST', pathPrefix: '/books/v3/contacts' },
      count: 2,
      action: { status: 500, body: { code: 500, message: 'Internal error' } },
    });
    await testRun(page, { sampleId: contact.id, event: 'Create' });
    await expectRunStatus(page, 'Succeeded');
    await expect(entry(/POST \S+( \(attempt \d\))? → 500/)).toHaveCount(2);
    await expect(entry(/POST \S+ \(attempt 3\) → 201/)).toHaveCount(1);
    expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
  });

  test('an expired access token is refreshed once per connection and the run succeeds', async () => {
    await openWorkflow();
    const contact = await newBiginContact();
    const since = await lastSeq();
    await sandboxControl('/_sandbox/tokens/expire');
    await testRun(page, { sampleId: contact.id, event: 'Create' });
    await expectRunStatus(page, 'Succeeded');
    // One refresh for Bigin (when the dialog lists samples) and one for Books (during the run).
    expect(await tokenRequests(since, 'refresh_token')).toHaveLength(2);
    expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
  });

  test('a connection dropped during the create leaves no duplicate', async () => {
    await openWorkflow();
    const contact = await newBiginContact();
    await addFault({ match: { method: 'POST', pathPrefix: '/books/v3/contacts' }, count: 1, action: { drop: 'after' } });
    await testRun(page, { sampleId: contact.id, event: 'Create' });
    // Chromium silently resends a request whose reused keep-alive socket closes before any answer
    // (any method), so the page may see Books refuse the resent create as a duplicate name instead of
    // a network error. Either way the run must succeed and Books must hold exactly one contact.
    await expectRunStatus(page, 'Succeeded');
    expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
  });

  test('a 429 makes the run wait, then it succeeds', async () => {
    await openWorkflow();
    const contact = await newBiginContact();
    await addFault({
      match: { method: 'GET', pathPrefix: '/books/v3/contacts' },
      count: 1,
      action: { status: 429, body: { code: 44, message: 'Too many requests' } },
    });
    await testRun(page, { sampleId: contact.id, event: 'Create' });
    await expectRunStatus(page, 'Succeeded');
    await expect(entry(/GET \S+ → 429/)).toHaveCount(1);
    await expect(entry(/HTTP 429; retrying in \d+ ms/)).toHaveCount(1);
    expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
  });
});

test('a reload during a run leaves it Interrupted, never running', async () => {
  await openWorkflow();
  const contact = await newBiginContact();
  await addFault({ match: { method: 'GET', pathPrefix: `/bigin/v2/Contacts/${contact.id}` }, count: 1, action: { delayMs: 20_000 } });
  const runId = await testRun(page, { sampleId: contact.id, event: 'Create' });
  await expectRunStatus(page, 'Running');
  await expect(executionLog(page).getByRole('button', { name: 'Cancel run' })).toBeVisible();
  await page.reload();
  await page.goto('/#/runs');
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await expect(row).toContainText('Interrupted');
  await page.getByLabel('Status').selectOption({ label: 'Interrupted' });
  await expect(page.locator('tbody tr')).toHaveCount(1);
});

test('planted secrets and tokens appear nowhere in the log, the console, stored runs or an export', async () => {
  await page.goto('/#/runs');
  await page.getByLabel('Status').selectOption('');
  const firstOpen = page.getByRole('link', { name: /^Open log of the run started/ });
  const runIds = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
  expect(runIds.length).toBeGreaterThanOrEqual(8);
  await firstOpen.first().click();

  const exports: string[] = [];
  for (const runId of runIds) {
    await page.goto(`/#/runs/${runId}`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export run' }).click();
    const file = await (await download).path();
    exports.push(await readFile(file, 'utf8'));
  }
  expect(exports.some((text) => text.includes('"format": "run/1"'))).toBe(true);
  expect(exports.some((text) => text.includes('[REDACTED]'))).toBe(true);

  const stored = await dumpBrowserStorage(page);
  const logText = await executionLog(page).innerText();
  expect(secrets.length).toBeGreaterThan(3);
  for (const secret of secrets) {
    for (const text of exports) expect(text).not.toContain(secret);
    expect(stored).not.toContain(secret);
    expect(logText).not.toContain(secret);
    expect(consoleLines.join('\n')).not.toContain(secret);
  }
});

test('a revoked grant fails the run with "Reconnect required" naming the connection', async () => {
  await openWorkflow();
  const contact = await newBiginContact();
  await sandboxControl('/_sandbox/tokens/revoke-all');
  const record = { id: contact.id, First_Name: 'Runner', Last_Name: 'Revoked', Email: contact.email };
  const runId = await testRun(page, { json: JSON.stringify(record), event: 'Create' });
  await expectRunStatus(page, 'Failed');
  const failure = executionLog(page).getByRole('alert');
  await expect(failure).toContainText('Reconnect required');
  await expect(failure).toContainText('bigin_connection');
  expect(await booksContactsWithEmail(contact.email)).toHaveLength(0);

  await page.goto('/#/runs');
  // The list loads from IndexedDB after the page: count only once this run's row is there.
  await expect(page.locator(`tr[data-run-id="${runId}"]`)).toBeVisible();
  const all = await page.locator('tbody tr').count();
  await page.getByLabel('Status').selectOption({ label: 'Failed' });
  await expect(page.locator(`tr[data-run-id="${runId}"]`)).toContainText('Failed');
  await expect.poll(() => page.locator('tbody tr').count()).toBeLessThan(all);
  for (const row of await page.locator('tbody tr').all()) await expect(row.locator('td').first()).toHaveText('Failed');
});
