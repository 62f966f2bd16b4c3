import { expect, test } from '@playwright/test';
import { SANDBOX } from './connections-support.ts';
import { ORG, buildSyncWorkflow, sandboxControl } from './runs-support.ts';

/**
 * "Also run on the existing N records" for the Books sync: 300 new Bigin contacts, 30 of them already
 * in Books exactly as the sync would write them. The bulk sync must count each case right and leave
 * one Books contact per email. Books' rate limit (100 a minute) paces the ~270 creates: a few minutes.
 */
interface BiginRow {
  id: string;
  Email?: string | null;
}
interface BooksRow {
  contact_id: string;
  email?: string;
  contact_persons?: { email?: string; is_primary_contact?: boolean }[];
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${SANDBOX}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

const primaryEmail = (row: BooksRow) => ((row.contact_persons ?? []).find((p) => p.is_primary_contact)?.email ?? row.email ?? '').toLowerCase();

test('backfill of 300 contacts with 10 % already in Books: counts right, no duplicate', async ({ page }) => {
  test.setTimeout(8 * 60_000);
  await sandboxControl('/_sandbox/settings', { booksDailyLimit: 1_000_000 });
  const tag = Date.now().toString(36);
  const people = Array.from({ length: 300 }, (_, i) => ({
    First_Name: 'Bulk',
    Last_Name: `Backfill ${tag} ${String(i).padStart(3, '0')}`,
    Email: `bulk.${tag}.${i}@example.com`,
    Phone: `+1-555-${String(1000 + i)}`,
  }));
  await sandboxControl('/_sandbox/bigin/contacts/bulk', { contacts: people });
  await sandboxControl('/_sandbox/books/contacts/bulk', {
    organization_id: ORG,
    contacts: people.slice(0, 30).map((p) => ({
      contact_name: `${p.First_Name} ${p.Last_Name}`,
      phone: p.Phone,
      contact_persons: [{ first_name: p.First_Name, last_name: p.Last_Name, email: p.Email, phone: p.Phone, is_primary_contact: true }],
    })),
  });

  const bigin = (await getJson<{ data: BiginRow[] }>('/_sandbox/bigin/contacts')).data;
  const books = (await getJson<{ contacts: BooksRow[] }>(`/_sandbox/books/contacts?organization_id=${ORG}`)).contacts;
  const inBooks = new Set(books.map(primaryEmail));
  const withEmail = bigin.filter((r) => (r.Email ?? '') !== '');
  const expected = {
    total: bigin.length,
    skipped: bigin.length - withEmail.length,
    created: withEmail.filter((r) => !inBooks.has(String(r.Email).toLowerCase())).length,
    existing: withEmail.filter((r) => inBooks.has(String(r.Email).toLowerCase())).length,
  };

  await buildSyncWorkflow(page);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('switch', { name: 'Active' }).click();
  const dialog = page.getByRole('dialog', { name: /^Switch on/ });
  const existing = dialog.getByRole('radio', { name: `Also run on the existing ${expected.total} records` });
  await expect(existing).toBeEnabled({ timeout: 20_000 });
  await existing.check();
  await dialog.getByRole('button', { name: 'Switch on' }).click();

  const panel = page.getByRole('region', { name: 'Existing records' });
  await expect(panel).toContainText('Syncing existing records');
  await expect(panel.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(panel).toContainText(/about \d+ (s|min) left/, { timeout: 60_000 });
  await expect(panel).toContainText('Existing records synced', { timeout: 6 * 60_000 });

  const counts = await panel.getByTestId('backfill-counts').textContent();
  const number = (label: string) => Number(new RegExp(`(\\d+) ${label}`).exec(counts ?? '')?.[1] ?? Number.NaN);
  expect(number(`of ${expected.total} checked`)).toBe(expected.total);
  expect(number('created')).toBe(expected.created);
  expect(number('updated') + number('unchanged')).toBe(expected.existing);
  expect(number('unchanged')).toBeGreaterThanOrEqual(30);
  expect(number('failed')).toBe(0);
  if (expected.skipped > 0) expect(number('skipped by the conditions')).toBe(expected.skipped);

  const after = (await getJson<{ contacts: BooksRow[] }>(`/_sandbox/books/contacts?organization_id=${ORG}`)).contacts;
  const perEmail = new Map<string, number>();
  for (const row of after) perEmail.set(primaryEmail(row), (perEmail.get(primaryEmail(row)) ?? 0) + 1);
  for (const person of people) expect(perEmail.get(person.Email.toLowerCase()), person.Email).toBe(1);
  await sandboxControl('/_sandbox/settings', { booksDailyLimit: 1000 });
});
