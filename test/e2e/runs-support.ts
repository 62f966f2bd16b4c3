import { expect, type Locator, type Page } from '@playwright/test';
import { SANDBOX, createAndConnect } from './connections-support.ts';

export const ORG = '10234695';

export interface BooksRow {
  contact_id: string;
  contact_name: string;
  email?: string;
  phone?: string;
  contact_persons?: { email?: string; phone?: string; is_primary_contact?: boolean }[];
}

async function sandbox<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${SANDBOX}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

let counter = 0;

/** A new Bigin contact with a unique name and email; returns its id and email. */
export async function newBiginContact(fields: Record<string, unknown> = {}): Promise<{ id: string; email: string; name: string }> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  const email = `run.${tag}@example.com`;
  const created = await sandbox<{ data: { id: string } }>('POST', '/_sandbox/bigin/contacts', {
    First_Name: 'Runner',
    Last_Name: `Test ${tag}`,
    Email: email,
    Phone: '+1-555-0100',
    ...fields,
  });
  return { id: created.data.id, email: String(fields.Email ?? email), name: `Runner Test ${tag}` };
}

export function editBiginContact(id: string, fields: Record<string, unknown>): Promise<unknown> {
  return sandbox('PATCH', `/_sandbox/bigin/contacts/${encodeURIComponent(id)}`, fields);
}

export async function booksContactsWithEmail(email: string): Promise<BooksRow[]> {
  const { contacts } = await sandbox<{ contacts: BooksRow[] }>('GET', `/_sandbox/books/contacts?organization_id=${ORG}`);
  return contacts.filter((c) => c.email === email || (c.contact_persons ?? []).some((p) => p.email === email));
}

/** Books keeps name, email and phone on the primary contact person (https://www.zoho.com/books/api/v3/contacts/). */
export function primaryPhone(row: BooksRow | undefined): string | undefined {
  const persons = row?.contact_persons ?? [];
  return (persons.find((p) => p.is_primary_contact) ?? persons[0])?.phone;
}

export function addFault(fault: {
  match: { method?: string; pathPrefix: string };
  count?: number;
  action: Record<string, unknown>;
}): Promise<unknown> {
  return sandbox('POST', '/_sandbox/faults', fault);
}

export function clearFaults(): Promise<unknown> {
  return sandbox('DELETE', '/_sandbox/faults');
}

export function sandboxControl(path: string, body: unknown = {}): Promise<unknown> {
  return sandbox('POST', path, body);
}

export const executionLog = (page: Page): Locator => page.getByRole('region', { name: 'Execution log' });
export const logEntries = (page: Page): Locator => executionLog(page).getByRole('list', { name: 'Log entries' });

/** Opens Test run, picks the record (a Bigin sample by id, or pasted JSON), the event, and runs. */
export async function testRun(page: Page, input: { sampleId?: string; json?: string; event: 'Create' | 'Edit'; dryRun?: boolean }): Promise<string> {
  const previous = await currentRunId(page);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Test run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run' });
  await expect(dialog).toBeVisible();
  if (input.json !== undefined) {
    await dialog.getByLabel('Paste a record as JSON').check();
    await dialog.getByLabel('Record JSON').fill(input.json);
  } else {
    await dialog.getByLabel('Sample record', { exact: true }).selectOption(input.sampleId ?? '');
  }
  await dialog.getByRole('radio', { name: input.event, exact: true }).check();
  const dry = dialog.getByRole('checkbox', { name: 'Dry run' });
  if (input.dryRun !== undefined) await dry.setChecked(input.dryRun);
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => currentRunId(page)).not.toBe(previous);
  return (await currentRunId(page))!;
}

async function currentRunId(page: Page): Promise<string | null> {
  const link = executionLog(page).getByRole('link', { name: 'Open in run history' });
  if ((await link.count()) === 0) return null;
  const href = await link.getAttribute('href');
  return href ? decodeURIComponent(href.replace('#/runs/', '')) : null;
}

export async function expectRunStatus(page: Page, status: string, timeout = 30_000): Promise<void> {
  await expect(executionLog(page).getByTestId('run-status')).toHaveText(status, { timeout });
}

/**
 * Builds the template workflow with the two sandbox connections (`bigin_connection`, `books_connection`,
 * already connected) and the organization picked; returns the editor's URL.
 */
export async function buildTemplateWorkflow(page: Page): Promise<string> {
  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New from template' }).click();
  await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
  await page
    .locator('.svelte-flow__node')
    .filter({ has: page.locator('.kind', { hasText: /^Function$/ }) })
    .locator('.kind')
    .click();
  const settings = page.getByRole('region', { name: 'Function settings' });
  await settings.getByLabel('Bigin connection').selectOption('bigin_connection');
  await settings.getByLabel('Zoho Books connection').selectOption('books_connection');
  await settings.getByLabel('Organization ID').fill(ORG);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  return page.url();
}

/** Connects Bigin and Books on the sandbox, then builds the template workflow; returns the editor's URL. */
export async function buildSyncWorkflow(page: Page): Promise<string> {
  await createAndConnect(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL');
  await createAndConnect(page, 'Zoho Books', 'Books Connection', 'ZohoBooks.fullaccess.all');
  const url = await buildTemplateWorkflow(page);
  await expect(page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Test run' })).toBeEnabled();
  return url;
}
