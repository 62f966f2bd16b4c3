import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { APP, SANDBOX, createAndConnect } from './connections-support.ts';
import { controlledByServiceWorker, dumpCacheStorage, precacheList } from './pwa-support.ts';
import { buildTemplateWorkflow, executionLog, expectRunStatus, newBiginContact, testRun } from './runs-support.ts';

/**
 * The installed app offline (issue 14): load once with the service worker, connect and run online, then
 * go offline and use the app. The tests share one page and run in order.
 */
test.describe.configure({ mode: 'serial' });

const PLANTED = 'sk_live_PLANTED_pwa_4b2d8f';
let context: BrowserContext;
let page: Page;
let workflowUrl = '';
/** Values that must never reach a cache: the planted one, tokens and authorization codes seen on the wire. */
const secrets: string[] = [PLANTED];
const callbacks: { url: string; fromServiceWorker: boolean }[] = [];

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ serviceWorkers: 'allow' });
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  page = await context.newPage();
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (url.origin === APP && url.pathname === '/oauth/callback') {
      callbacks.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker() });
      const code = url.searchParams.get('code');
      if (code) secrets.push(code);
    }
    if (response.url().startsWith(`${SANDBOX}/oauth/v2/token`) && response.request().method() === 'POST') {
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token']) if (typeof body[key] === 'string') secrets.push(body[key]);
    }
  });
});

test.afterAll(async () => {
  await context.close();
});

const nav = () => page.getByRole('navigation', { name: 'Main' });
const cspViolations = () => page.evaluate(() => (window as { cspViolations?: string[] }).cspViolations);
const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });

test('online: the service worker takes the page, then connect, build from the template and run once', async () => {
  await page.goto('/#/connections');
  await controlledByServiceWorker(page);

  await createAndConnect(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL');
  await createAndConnect(page, 'Zoho Books', 'Books Connection', 'ZohoBooks.fullaccess.all');
  expect(callbacks).toHaveLength(2);
  // The provider's redirect went to the network, never to a cached shell.
  expect(callbacks.map((c) => c.fromServiceWorker)).toEqual([false, false]);

  workflowUrl = await buildTemplateWorkflow(page);

  // The run reads the contact back from Bigin, so an API response carrying the planted value crosses the page.
  const contact = await newBiginContact({ Description: `token ${PLANTED}` });
  await testRun(page, {
    json: JSON.stringify({ id: contact.id, First_Name: 'Runner', Last_Name: 'Online', Email: contact.email }),
    event: 'Create',
    dryRun: true,
  });
  await expectRunStatus(page, 'Succeeded');
  expect(secrets.length).toBeGreaterThanOrEqual(5);
});

test('offline, a reload opens Connections, Workflows and Runs with their data', async () => {
  await context.setOffline(true);
  // The callback path is never answered from the cache, so offline it fails like any page off the network.
  await expect(page.goto('/oauth/callback?code=c-offline&state=s-offline')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  // Chromium commits its own error page for that failure a moment later; a navigation started before
  // it is interrupted by it, so go on only once the error page is in.
  await expect(async () => {
    await page.goto('/#/connections/my');
  }).toPass({ timeout: 10_000 });
  const response = await page.reload();
  // Served from the precache, with the headers it was cached with: the strict CSP holds offline too.
  expect(response?.fromServiceWorker()).toBe(true);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(response?.headers()['content-security-policy']).not.toContain('unsafe-eval');
  await expect(heading('Connections')).toBeVisible();
  await expect(page.getByRole('row', { name: /Bigin Connection/ })).toBeVisible();

  await nav().getByRole('link', { name: 'Workflows', exact: true }).click();
  await expect(heading('Workflows')).toBeVisible();
  await expect(page.getByRole('link', { name: /Bigin → Books contact sync/ }).first()).toBeVisible();

  await nav().getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(heading('Runs')).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody tr').first()).toContainText('Succeeded');
});

test('offline, a test run fails at once and says it needs the network, naming the host', async () => {
  await page.goto(workflowUrl);
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
  // Chromium 150 keeps emulated offline for requests but not for navigator.onLine in a document loaded
  // after it was set (the reload above); setting it again reaches the current document.
  await context.setOffline(false);
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
  const record = { id: '4150868000000777001', First_Name: 'Runner', Last_Name: 'Offline', Email: 'offline@example.com' };
  await testRun(page, { json: JSON.stringify(record), event: 'Create', dryRun: true });
  await expectRunStatus(page, 'Failed');
  const failure = executionLog(page).getByRole('alert');
  await expect(failure).toContainText(`You are offline — "bigin_connection" needs the network to reach ${new URL(SANDBOX).host}.`);
  // One attempt, no backed-off retries of a request that cannot succeed.
  await expect(executionLog(page).getByText(/retrying in/)).toHaveCount(0);
});

test('offline, an edit to a workflow is saved and survives an offline reload', async () => {
  await page.goto(workflowUrl);
  const nodes = page.locator('.svelte-flow__node');
  await expect(nodes).toHaveCount(3);
  await page.getByRole('region', { name: 'Palette' }).getByRole('button', { name: 'Function' }).click();
  await expect(nodes).toHaveCount(4);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
  await expect(nodes).toHaveCount(4);
  expect(await cspViolations()).toEqual([]);
  await context.setOffline(false);
});

test('Cache Storage holds the precached app shell only: no API response, no callback URL, no token', async () => {
  const entries = await dumpCacheStorage(page);
  const precached = new Set(await precacheList(APP));
  const cachedUrls = entries.map((e) => {
    const url = new URL(e.url);
    url.searchParams.delete('__WB_REVISION__');
    return url.href;
  });
  expect(cachedUrls).toContain(`${APP}/index.html`);
  expect(cachedUrls.filter((url) => !precached.has(url))).toEqual([]);
  expect(cachedUrls.filter((url) => url.includes('/oauth/') || url.startsWith(SANDBOX))).toEqual([]);
  const dump = JSON.stringify(entries);
  for (const secret of secrets) expect(dump).not.toContain(secret);
});
