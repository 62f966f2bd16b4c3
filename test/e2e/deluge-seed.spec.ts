import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createAndConnect } from './connections-support.ts';
import {
  ORG,
  booksContactsWithEmail,
  editBiginContact,
  executionLog,
  expectRunStatus,
  logEntries,
  newBiginContact,
  primaryPhone,
  testRun,
} from './runs-support.ts';

/**
 * The article's Deluge script, pasted into a Deluge function node, runs against the sandbox through
 * a workflow exactly as a new user would use it: only `XXXXXXX` is replaced by the organization id;
 * its `connection:""` and empty getRecordById connection take the node's own connections. The
 * script is Zoho's, so it is read from the shared reference folder at test time, never copied.
 */
const seedPath = path.resolve(process.cwd(), '../shared/reference/seed-sync-contact.dg');
const seed = existsSync(seedPath) ? readFileSync(seedPath, 'utf8') : null;
const missing = `the article's script is not at ${seedPath} (a clone outside the workspace): the article tests cannot run`;

if (seed === null) {
  // Playwright's list reporter does not print skip reasons: say it in the output.
  test("the article's script is needed at ../shared/reference/seed-sync-contact.dg", () => {
    console.warn(`SKIPPED: ${missing}`);
    test.skip(true, missing);
  });
}

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let workflowUrl = '';
const links = { bigin: '', books: '' };

/** The article's script with only the organization placeholder filled in. */
const filled = (org: string): string => (seed ?? '').replaceAll('XXXXXXX', org);

/** Line of the article's script on which `needle` first appears. */
function lineOf(needle: string): number {
  const index = (seed ?? '').split('\n').findIndex((l) => l.includes(needle));
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return index + 1;
}

const entry = (text: string | RegExp) => logEntries(page).locator('li').filter({ hasText: text });
const settings = () => page.getByRole('region', { name: 'Function settings' });
const editor = () => settings().getByRole('textbox', { name: 'Deluge script' });

async function openWorkflow(): Promise<void> {
  if (page.url() !== workflowUrl) await page.goto(workflowUrl);
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
  await page
    .locator('.svelte-flow__node')
    .filter({ has: page.locator('.kind', { hasText: /^Function$/ }) })
    .locator('.kind')
    .click();
}

/** Replaces the whole script the way a paste does, then waits for the autosave. */
async function pasteScript(script: string): Promise<void> {
  await editor().click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(script);
  await expect(editor()).toContainText('Map()');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
}

test.describe("the article's script", () => {
  test.skip(seed === null, missing);

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context.close();
  });

  test("a Deluge function node gets the article's script with only its organization id filled in", async () => {
    links.bigin = await createAndConnect(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL');
    links.books = await createAndConnect(page, 'Zoho Books', 'Books Connection', 'ZohoBooks.fullaccess.all');

    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
    workflowUrl = page.url();
    await openWorkflow();
    await settings().getByLabel('Bigin connection').selectOption(links.bigin);
    await settings().getByLabel('Zoho Books connection').selectOption(links.books);
    await settings().getByRole('radio', { name: 'Deluge script' }).check();
    await pasteScript(filled(ORG));
    // The argument the article reads with contact.get("Contacts.ID"): the whole trigger record.
    await expect(settings().getByLabel('Name of argument 1')).toHaveValue('contact');
    await expect(settings().getByLabel('Value of argument 1')).toHaveValue('record');
    await expect(settings().getByRole('list', { name: 'Script problems' })).toHaveCount(0);
    // The search names no organization: a hint, not an error, says which one Books uses.
    const hint = settings().getByRole('list', { name: 'Script hints' }).getByRole('listitem');
    await expect(hint).toHaveText([
      `Line ${lineOf('url :"https://books.zoho.com/api/v3/contacts"')}, column 6: no organization_id: Zoho Books will use the default organization of the Books connection. To name one, add organization_id=<your organization id> to the URL (or the parameters map)`,
    ]);
  });

  test('the first test run creates the Books contact; after an edit in Bigin the second updates it', async () => {
    await openWorkflow();
    const contact = await newBiginContact();
    await testRun(page, { sampleId: contact.id, event: 'Create' });
    await expectRunStatus(page, 'Succeeded');
    await expect(entry(`connection "" → "${links.bigin}" (the function's bigin connection)`)).toHaveCount(1);
    await expect(entry(`connection "" → "${links.books}" (the function's books connection)`)).toHaveCount(2);
    await expect(
      entry(`Line ${lineOf('booksContactsResponse = invokeurl')}: invokeurl: no organization_id: Zoho Books will use the default organization`),
    ).toHaveCount(1);
    await expect(entry(`Line ${lineOf('info "Searched by name in Books')}: Searched by name in Books: {"code":0`)).toHaveCount(1);
    await expect(entry(`Line ${lineOf('info "Created Contact')}: Created Contact: {"code":0,"message":"The contact has been created"`)).toHaveCount(
      1,
    );
    let rows = await booksContactsWithEmail(contact.email);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.contact_name).toBe(contact.name);

    await editBiginContact(contact.id, { Phone: '+1-555-0199' });
    await testRun(page, { sampleId: contact.id, event: 'Edit' });
    await expectRunStatus(page, 'Succeeded');
    await expect(entry(`Line ${lineOf('info "parameters_data value')}: parameters_data value:`)).toHaveCount(1);
    await expect(
      entry(`Line ${lineOf('info "Updated Contact')}: Updated Contact: {"code":0,"message":"Contact has been updated successfully"`),
    ).toHaveCount(1);
    await expect(entry(/PUT \S+\/api\/v3\/contacts\/\d+\?organization_id=10234695 → 200/)).toHaveCount(1);
    rows = await booksContactsWithEmail(contact.email);
    expect(rows).toHaveLength(1);
    expect(primaryPhone(rows[0])).toBe('+1-555-0199');
  });

  test("left with the XXXXXXX placeholder, the run fails with Books' own error at the request line", async () => {
    await openWorkflow();
    await pasteScript(seed ?? '');
    const contact = await newBiginContact();
    await testRun(page, { sampleId: contact.id, event: 'Create' });
    await expectRunStatus(page, 'Failed');
    await expect(
      executionLog(page)
        .getByText(/POST at line \d+ was refused: HTTP 400 \(code 6041: This user is not associated with the organization XXXXXXX\.\)/)
        .first(),
    ).toBeVisible();
    const warning = entry(
      `Line ${lineOf('createResponse = invokeurl')}: HTTP 400 from POST https://books.zoho.com/api/v3/contacts: 6041 This user is not associated with the organization XXXXXXX.`,
    );
    await expect(warning).toHaveCount(1);
    await expect(
      entry(
        `Line ${lineOf('info "Created Contact')}: Created Contact: {"code":6041,"message":"This user is not associated with the organization XXXXXXX."}`,
      ),
    ).toHaveCount(1);
    expect(await booksContactsWithEmail(contact.email)).toEqual([]);
  });

  test("the Deluge template fills in empty connections with the node's own, and says which it used", async () => {
    await openWorkflow();
    await settings().getByRole('radio', { name: 'Built-in action' }).check();
    await settings().getByLabel('Organization ID').fill(ORG);
    await settings().getByRole('radio', { name: 'Deluge script' }).check();
    await settings().getByRole('button', { name: 'Use template: Sync contact to Zoho Books (Deluge)' }).click();
    await expect(editor()).toContainText(`organizationId = "${ORG}";`);
    await expect(page.getByTestId('save-status')).toHaveText('Saved');

    const contact = await newBiginContact();
    await testRun(page, { sampleId: contact.id, event: 'Create' });
    await expectRunStatus(page, 'Succeeded');
    await expect(entry(`connection "" → "${links.bigin}" (the function's bigin connection)`)).toHaveCount(1);
    await expect(entry(`connection "" → "${links.books}" (the function's books connection)`)).toHaveCount(2);
    await expect(entry('Created Books contact: The contact has been created')).toHaveCount(1);
    expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);
  });
});
