import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  addFault,
  booksContactsWithEmail,
  buildSyncWorkflow,
  clearFaults,
  editBiginContact,
  newBiginContact,
  primaryPhone,
  sandboxControl,
} from './runs-support.ts';

/**
 * Live workflows end to end in one fresh browser profile, against the running sandbox: the template
 * workflow switched on, then every change made on the sandbox's control plane. No Test run clicks.
 * The tests share the profile and run in order.
 */
test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let workflowUrl = '';
let workflowId = '';

interface StoredRun {
  id: string;
  mode: string;
  event: string;
  status: string;
  record: { id?: string };
  nodeResults: Record<string, { reason?: string }>;
}

/** Runs of the workflow straight from the browser's IndexedDB, oldest first. */
async function storedRuns(on: Page = page): Promise<StoredRun[]> {
  const runs = await on.evaluate(
    (id) =>
      new Promise<StoredRun[]>((resolve, reject) => {
        const open = indexedDB.open('workflow-builder');
        open.onsuccess = () => {
          const all = open.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(
              (all.result as (StoredRun & { workflowId: string; startedAt: number })[])
                .filter((r) => r.workflowId === id)
                .sort((a, b) => a.startedAt - b.startedAt),
            );
          };
          all.onerror = () => reject(all.error);
        };
        open.onerror = () => reject(open.error);
      }),
    workflowId,
  );
  return runs;
}

async function runsOf(recordId: string, on: Page = page): Promise<StoredRun[]> {
  return (await storedRuns(on)).filter((r) => r.record.id === recordId);
}

async function settled(recordId: string, count: number, on: Page = page): Promise<StoredRun[]> {
  await expect.poll(async () => (await runsOf(recordId, on)).filter((r) => r.status !== 'running').length, { timeout: 20_000 }).toBe(count);
  return runsOf(recordId, on);
}

const toolbar = (on: Page = page) => on.getByRole('toolbar', { name: 'Workflow' });
const status = (on: Page = page) => on.getByTestId('live-status');

async function switchOn(options: { existing?: boolean } = {}): Promise<void> {
  await toolbar().getByRole('switch', { name: 'Active' }).click();
  const dialog = page.getByRole('dialog', { name: /^Switch on/ });
  await expect(dialog.getByRole('radio', { name: 'Only new changes' })).toBeChecked();
  if (options.existing) {
    const existing = dialog.getByRole('radio', { name: /^Also run on the existing \d+ records$/ });
    await expect(existing).toBeEnabled({ timeout: 20_000 });
    await existing.check();
  }
  await dialog.getByRole('button', { name: 'Switch on' }).click();
  await expect(dialog).toBeHidden();
  await expect(toolbar().getByRole('switch', { name: 'Active' })).toHaveAttribute('aria-checked', 'true');
  await expect(status()).toContainText('last checked', { timeout: 10_000 });
}

async function switchOff(): Promise<void> {
  await toolbar().getByRole('switch', { name: 'Active' }).click();
  await expect(toolbar().getByRole('switch', { name: 'Active' })).toHaveAttribute('aria-checked', 'false');
}

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
});

test.afterAll(async () => {
  await clearFaults();
  await context.close();
});

test.afterEach(async () => {
  await clearFaults();
});

test('a workflow with problems cannot be switched on, and the switch says why', async () => {
  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New Workflow' }).click();
  const active = toolbar().getByRole('switch', { name: 'Active' });
  await expect(active).toBeDisabled();
  await expect(active).toHaveAccessibleDescription(/Fix the \d+ problems? below to switch it on/);
  await page.goto('/#/workflows');
  const row = page.getByRole('row').filter({ hasText: 'Untitled workflow' });
  await expect(row.getByRole('switch', { name: 'Active' })).toBeDisabled();
  await expect(row.getByRole('switch', { name: 'Active' })).toHaveAccessibleDescription('Has problems: open it to fix them.');
});

test('switched on, a contact created on the sandbox is in Books within 10 s as one Live run (Create)', async () => {
  workflowUrl = await buildSyncWorkflow(page);
  workflowId = decodeURIComponent(workflowUrl.split('#/workflows/')[1] ?? '');
  await switchOn();
  await expect(status()).toContainText('Watching Bigin Contacts');

  const contact = await newBiginContact();
  await expect.poll(async () => (await booksContactsWithEmail(contact.email)).length, { timeout: 10_000 }).toBe(1);
  const [run] = await settled(contact.id, 1);
  expect(run).toMatchObject({ mode: 'live', event: 'create', status: 'succeeded' });

  await page.goto('/#/runs');
  const row = page.getByRole('row').filter({ hasText: contact.id });
  await expect(row).toContainText('Live');
  await expect(row).toContainText('Create');
  await page.goto('/#/workflows');
  await expect(page.getByRole('row').filter({ hasText: 'Bigin → Books contact sync' }).getByRole('switch', { name: 'Active' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await page.goto(workflowUrl);
});

test('a phone edit runs once as Edit; Books is updated and still has one contact', async () => {
  const contact = await newBiginContact();
  await settled(contact.id, 1);
  await editBiginContact(contact.id, { Phone: '+1-555-0199' });
  const runs = await settled(contact.id, 2);
  expect(runs.map((r) => `${r.mode}:${r.event}:${r.status}`)).toEqual(['live:create:succeeded', 'live:edit:succeeded']);
  const rows = await booksContactsWithEmail(contact.email);
  expect(rows).toHaveLength(1);
  expect(primaryPhone(rows[0])).toBe('+1-555-0199');
});

test('an empty email is a Skipped run: the condition was false', async () => {
  const contact = await newBiginContact({ Email: '' });
  const [run] = await settled(contact.id, 1);
  expect(run?.status).toBe('skipped');
  await page.goto(`/#/runs/${run?.id ?? ''}`);
  await expect(page.getByText(/Run skipped after .*: condition "Email is not empty" was false/)).toBeVisible();
  await page.goto(workflowUrl);
});

test('with "only when Phone changes": a title edit runs nothing, a phone edit runs once', async () => {
  await page
    .locator('.svelte-flow__node')
    .filter({ has: page.locator('.kind', { hasText: /^Trigger$/ }) })
    .locator('.kind')
    .click();
  await page.getByLabel(/Only when these fields changed/).selectOption(['Phone']);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  const contact = await newBiginContact();
  await settled(contact.id, 1);
  await editBiginContact(contact.id, { Title: 'Head of Sales' });
  // The title edit is read by the next checks and dropped; wait for two checks after it.
  const checked = await status().textContent();
  await expect(status()).not.toHaveText(checked ?? '', { timeout: 10_000 });
  await page.waitForTimeout(4_500);
  expect(await runsOf(contact.id)).toHaveLength(1);
  await editBiginContact(contact.id, { Phone: '+1-555-0142' });
  const runs = await settled(contact.id, 2);
  expect(runs[1]).toMatchObject({ event: 'edit', status: 'succeeded' });
  await page.getByLabel(/Only when these fields changed/).selectOption([]);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
});

test('two tabs run each change once; when the leading tab closes, the other takes over', async () => {
  const second = await context.newPage();
  await second.goto(workflowUrl);
  await expect(status(second)).toContainText('Watching Bigin Contacts');
  const a = await newBiginContact();
  await settled(a.id, 1);
  await page.waitForTimeout(5_000);
  expect(await runsOf(a.id)).toHaveLength(1);

  // The first page leads (it started first); closing it hands the lock to the second.
  await page.close();
  const b = await newBiginContact();
  await settled(b.id, 1, second);
  expect(await booksContactsWithEmail(b.email)).toHaveLength(1);
  page = second;
});

test('changes made while every tab was closed run when the app opens again, once each', async () => {
  await page.close();
  const made = [await newBiginContact(), await newBiginContact(), await newBiginContact()];
  page = await context.newPage();
  await page.goto(workflowUrl);
  for (const contact of made) {
    const runs = await settled(contact.id, 1);
    expect(runs[0]).toMatchObject({ mode: 'live', event: 'create', status: 'succeeded' });
    expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
  }
});

test('a reload in the middle of a run resumes the change; Books has one contact', async () => {
  await addFault({ match: { method: 'POST', pathPrefix: '/books/v3/contacts' }, count: 1, action: { delayMs: 4_000 } });
  const contact = await newBiginContact();
  await expect.poll(async () => (await runsOf(contact.id)).length, { timeout: 10_000 }).toBe(1);
  await page.waitForTimeout(1_000);
  await page.reload();
  await expect.poll(async () => (await runsOf(contact.id)).map((r) => r.status), { timeout: 25_000 }).toEqual(['interrupted', 'succeeded']);
  expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
});

test('the sandbox down for 30 s: the status line says so, then polling recovers and nothing is lost', async () => {
  // An outage drops every API request, as a stopped server would, and ends by itself.
  await sandboxControl('/_sandbox/faults', { kind: 'outage', seconds: 30 });
  await expect(page.getByTestId('live-trouble')).toContainText('Bigin could not be reached', { timeout: 15_000 });
  const contact = await newBiginContact();
  await expect(page.getByTestId('live-trouble')).toBeHidden({ timeout: 60_000 });
  await settled(contact.id, 1);
  expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
});

test('a revoked grant shows "Reconnect required"; changes wait and run after Reconnect', async () => {
  await sandboxControl('/_sandbox/tokens/revoke-all');
  const contact = await newBiginContact();
  await expect(page.getByTestId('live-trouble')).toContainText('Reconnect required', { timeout: 15_000 });
  await page.goto('/#/workflows');
  await expect(page.getByRole('row').filter({ hasText: 'Bigin → Books contact sync' })).toContainText('Reconnect required');
  expect(await runsOf(contact.id)).toHaveLength(0);

  for (const name of ['Bigin Connection', 'Books Connection']) {
    await page.goto('/#/connections/mine');
    await page.getByRole('link', { name: `Open ${name}` }).click();
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page.getByRole('region', { name: `Connection ${name}` }).getByText('Connected', { exact: true })).toBeVisible();
  }
  await page.goto(workflowUrl);
  const runs = await settled(contact.id, 1);
  expect(runs[0]?.status).toBe('succeeded');
  expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
});

test('switched off: no new runs', async () => {
  await switchOff();
  await expect(status()).toContainText('Not active');
  const contact = await newBiginContact();
  await page.waitForTimeout(5_000);
  expect(await runsOf(contact.id)).toHaveLength(0);
  expect(await booksContactsWithEmail(contact.email)).toHaveLength(0);
});
