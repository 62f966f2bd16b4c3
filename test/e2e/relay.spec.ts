import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { APP, SANDBOX, dumpBrowserStorage, openCreateForm, sandboxPost } from './connections-support.ts';
import { relayTestFiles, startRelayProcess, type RelayProcess } from './relay-support.ts';
import { freePort } from '../support/ports.ts';
import {
  buildTemplateWorkflow,
  booksContactsWithEmail,
  editBiginContact,
  expectRunStatus,
  logEntries,
  newBiginContact,
  primaryPhone,
  testRun,
} from './runs-support.ts';

/**
 * Issue 11 end to end: the sandbox in strict mode behaves like real Zoho (no CORS on the token
 * endpoint and Books; the server-based client needs its secret), and only the paired relay, which
 * holds that secret, gets the scenario through. The secret is planted and searched for everywhere.
 */
test.describe.configure({ mode: 'serial' });

const PLANTED_SECRET = `planted-relay-secret-${Date.now().toString(36)}`;
const SERVER_CLIENT = 'workflow-builder-server';

let relay: RelayProcess;
let relayPort = 0;
const files = relayTestFiles();
let context: BrowserContext;
let page: Page;
const consoleLines: string[] = [];
const requestTexts: string[] = [];
const tokens: string[] = [];
let workflowUrl = '';
/** What every relay process of this file printed, the stopped one included. */
const relayOutputs: string[][] = [];

async function launchRelay(): Promise<RelayProcess> {
  const started = await startRelayProcess({ port: relayPort, clientSecret: PLANTED_SECRET, files });
  relayOutputs.push(started.output);
  return started;
}

test.beforeAll(async ({ browser }) => {
  await sandboxPost('/_sandbox/settings', { strict: true, serverClientSecret: PLANTED_SECRET });
  relayPort = await freePort();
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(String(error)));
  page.on('request', (request) => {
    requestTexts.push(`${request.method()} ${request.url()}\n${JSON.stringify(request.headers())}\n${request.postData() ?? ''}`);
  });
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname === '/oauth/v2/token' && response.request().method() === 'POST') {
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token']) if (typeof body[key] === 'string') tokens.push(body[key]);
    }
  });
});

test.afterAll(async () => {
  await relay?.stop();
  await context?.close();
  await sandboxPost('/_sandbox/settings', { strict: false });
});

async function createConnection(
  p: Page,
  service: string,
  name: string,
  scope: string,
  clientId: string,
  reach: 'via relay' | 'Needs a relay',
): Promise<void> {
  await openCreateForm(p, service);
  const form = p.getByRole('form', { name: 'Create connection' });
  await expect(form.getByText(reach, { exact: true })).toBeVisible();
  await form.getByLabel('Connection Name').fill(name);
  await form.getByLabel('Data centre').selectOption({ label: 'Sandbox (local)' });
  await form.getByRole('checkbox', { name: scope, exact: false }).first().check();
  await form.getByLabel('Client ID').fill(clientId);
  await form.getByRole('button', { name: 'Create and Connect' }).click();
  await p.waitForURL((url) => url.origin === SANDBOX && url.pathname === '/oauth/v2/auth');
  await p.getByRole('button', { name: 'Accept' }).click();
  await p.waitForURL((url) => url.origin === APP && url.hash.startsWith('#/connections/view/'));
}

test('strict sandbox, no relay: Create and Connect for Bigin ends with "needs a relay" and stores nothing', async ({ browser }) => {
  const fresh = await browser.newContext();
  const p = await fresh.newPage();
  await p.goto('/#/connections/default');
  await p.getByLabel('Search services').fill('Zoho Bigin');
  await expect(p.getByRole('article', { name: 'Zoho Bigin', exact: true }).getByText('Needs a relay', { exact: true })).toBeVisible();
  await createConnection(p, 'Zoho Bigin', 'Bigin Direct', 'ZohoBigin.modules.ALL', 'workflow-builder', 'Needs a relay');
  await expect(p.getByTestId('notice')).toContainText(
    'does not let a browser app call its token endpoint (no CORS): this provider needs a relay. Start it with "npm run relay"',
  );
  await expect(p.getByRole('region', { name: 'Connection Bigin Direct' }).getByText('Not connected', { exact: true })).toBeVisible();
  const stored = await dumpBrowserStorage(p);
  expect(stored).not.toMatch(/conn:[^"]*:tokens/);
  await fresh.close();
});

test('the relay starts, prints its pairing link, and opening it pairs the app; the code works only once', async ({ browser }) => {
  relay = await launchRelay();
  expect(relay.pairLink).toMatch(new RegExp(`^${APP}/#/settings/relay\\?pair=[A-Za-z0-9_-]{20,}&relay=http%3A%2F%2Flocalhost%3A${relayPort}$`));
  await page.goto(relay.pairLink.replace(APP, ''));
  const section = page.getByRole('region', { name: 'Relay' });
  await expect(section.getByText(`Paired with ${relay.url}`, { exact: true })).toBeVisible();
  await expect(section.getByText('Paired with the relay at')).toBeVisible();
  await expect(section.getByRole('definition').filter({ hasText: /^Yes$/ })).toBeVisible();
  expect(page.url()).not.toContain('pair=');

  const thief = await browser.newContext();
  const stolen = await thief.newPage();
  await stolen.goto(relay.pairLink.replace(APP, ''));
  await expect(stolen.getByRole('alert')).toContainText('refused the pairing code: it is wrong or was already used');
  await expect(stolen.getByRole('region', { name: 'Relay' }).getByText('Not paired', { exact: true })).toBeVisible();
  await thief.close();
});

test('with the relay paired, Bigin and Books say "via relay", connect, and Test connection goes through it', async () => {
  await page.goto('/#/connections/default');
  await page.getByLabel('Search services').fill('Zoho Bigin');
  await expect(page.getByRole('article', { name: 'Zoho Bigin', exact: true }).getByText('via relay', { exact: true })).toBeVisible();
  await createConnection(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL', SERVER_CLIENT, 'via relay');
  await expect(page.getByTestId('notice')).toContainText('Connected');
  await createConnection(page, 'Zoho Books', 'Books Connection', 'ZohoBooks.fullaccess.all', SERVER_CLIENT, 'via relay');
  await expect(page.getByTestId('notice')).toContainText('Connected');
  const doctor = page.getByRole('region', { name: 'Connection Books Connection' });
  await expect(doctor.getByText('Connected', { exact: true })).toBeVisible();
  await expect(doctor.getByText('via relay', { exact: true })).toBeVisible();
  await doctor.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded: GET /books/v3/organizations answered 200.');
  await expect(page.getByTestId('test-result')).toContainText(`Sent through the relay at ${relay.url}.`);
  expect(relay.output.join('')).toMatch(/relay: GET localhost:\d+ \/books\/v3\/organizations 200 \d+ms/);
});

test('the template workflow runs end to end through the relay: search → create, then update', async () => {
  workflowUrl = await buildTemplateWorkflow(page);

  const contact = await newBiginContact();
  await testRun(page, { sampleId: contact.id, event: 'Create' });
  await expectRunStatus(page, 'Succeeded');
  await expect(
    logEntries(page)
      .locator('li')
      .filter({ hasText: /GET \S+\/books\/v3\/contacts\?\S*email=\S+ → 200 · 0 results/ }),
  ).toHaveCount(1);
  await expect(
    logEntries(page)
      .locator('li')
      .filter({ hasText: /POST \S+\/books\/v3\/contacts\?organization_id=10234695 → 201/ }),
  ).toHaveCount(1);
  expect(await booksContactsWithEmail(contact.email)).toHaveLength(1);

  await editBiginContact(contact.id, { Phone: '+1-555-0142' });
  await testRun(page, { sampleId: contact.id, event: 'Edit' });
  await expectRunStatus(page, 'Succeeded');
  await expect(
    logEntries(page)
      .locator('li')
      .filter({ hasText: /PUT \S+\/books\/v3\/contacts\/\d+\?organization_id=10234695 → 200/ }),
  ).toHaveCount(1);
  const rows = await booksContactsWithEmail(contact.email);
  expect(rows).toHaveLength(1);
  expect(primaryPhone(rows[0])).toBe('+1-555-0142');
  const relayLog = relay.output.join('');
  expect(relayLog).toMatch(/relay: POST localhost:\d+ \/books\/v3\/contacts 201 \d+ms/);
  expect(relayLog).toMatch(/relay: PUT localhost:\d+ \/books\/v3\/contacts\/\d+ 200 \d+ms/);
});

test('relay stopped: Test connection names the relay and how to start it; restarted, it keeps the pairing and no token', async () => {
  await relay.stop();
  await page.goto('/#/connections/my');
  await page.getByRole('link', { name: 'Books Connection' }).first().click();
  const doctor = page.getByRole('region', { name: 'Connection Books Connection' });
  await doctor.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText(
    `The relay at ${relay.url} did not answer. Start it with "npm run relay" (or "npm start") and pair it under Settings → Relay.`,
  );

  relay = await launchRelay();
  const saved = await readFile(files.state, 'utf8');
  for (const token of tokens) expect(saved).not.toContain(token);
  expect(saved).not.toContain(PLANTED_SECRET);
  await doctor.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');
});

test('a custom service goes through the relay only once approved in Settings, and the relay keeps the approval', async () => {
  const own = 'http://localhost:4299';
  await page.goto('/#/connections/custom');
  await page.getByRole('button', { name: 'Create Service' }).click();
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Service Name').fill('Own API');
  await form.getByLabel('Service Link Name').fill('own_api');
  await form.getByLabel('API origins').fill(own);
  await form.getByLabel('Client ID').fill('own-client');
  await form.getByLabel('Authorize URL').fill(`${own}/authorize`);
  await form.getByLabel('Access Token URL').fill(`${own}/token`);
  await form.getByLabel('Scopes').fill('read | Read');
  await form.getByRole('button', { name: 'Create Service' }).click();
  const card = page.getByRole('article', { name: 'Own API' });
  await expect(card.getByText('Works in the browser', { exact: true })).toBeVisible();

  await page.goto('/#/settings/relay');
  const section = page.getByRole('region', { name: 'Relay' });
  await section.getByRole('checkbox', { name: `Own API (${own})` }).check();
  await section.getByRole('button', { name: 'Save approvals' }).click();
  await expect(section.getByText('Approvals sent to the relay.')).toBeVisible();
  expect(JSON.parse(await readFile(files.state, 'utf8'))).toMatchObject({ pairings: [{ approvedOrigins: [own] }] });

  await page.goto('/#/connections/custom');
  await expect(page.getByRole('article', { name: 'Own API' }).getByText('via relay', { exact: true })).toBeVisible();
});

test('the client secret and the tokens are absent from storage, console, requests, exports and the relay log', async () => {
  await page.goto(workflowUrl);
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
  const exports: string[] = [];
  const workflowDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  exports.push(await readFile((await (await workflowDownload).path()) ?? '', 'utf8'));
  await page.goto('/#/runs');
  await page
    .getByRole('link', { name: /^Open log of the run started/ })
    .first()
    .click();
  const runDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export run' }).click();
  exports.push(await readFile((await (await runDownload).path()) ?? '', 'utf8'));
  expect(exports[0]).toContain('"format": "workflow/1"');
  expect(exports[1]).toContain('"format": "run/1"');

  const stored = await dumpBrowserStorage(page);
  expect(requestTexts.some((text) => text.includes(`localhost:${relayPort}`))).toBe(true);
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  const places = { storage: stored, console: consoleLines.join('\n'), requests: requestTexts.join('\n'), exports: exports.join('\n') };
  for (const [where, text] of Object.entries(places)) expect(text, where).not.toContain(PLANTED_SECRET);
  expect(places.requests).not.toContain('client_secret');
  const relayLog = relayOutputs.flat().join('');
  for (const secret of [PLANTED_SECRET, ...tokens]) {
    expect(relayLog).not.toContain(secret);
    expect(places.exports).not.toContain(secret);
    expect(places.console).not.toContain(secret);
  }
  const requestLines = relayLog.split('\n').filter((line) => line.startsWith('relay: '));
  expect(requestLines.length).toBeGreaterThan(10);
  for (const line of requestLines) expect(line).toMatch(/^relay: [A-Z]+ \S+ \/[^?\s]* \d{3} \d+ms( RELAY_[A-Z_]+)?$/);
});
