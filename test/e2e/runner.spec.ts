import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SANDBOX, sandboxRequests, lastSeq } from './connections-support.ts';
import { buildSyncWorkflow, executionLog, logEntries, newBiginContact } from './runs-support.ts';
import { pairingCodeOf, runnerProcess, type RunnerProcess } from './runner-support.ts';

/**
 * Issue 16, the app's side: pair with the real runner from Settings, send a live workflow to it from
 * the editor, and read the runs it made on the Runs page. The runner polls Bigin; the browser does not.
 */
test.describe.configure({ mode: 'serial' });

const RUNNER_PORT = Number(process.env.E2E_RUNNER_PORT ?? 4330);
const BIGIN_LIST = '/bigin/v2/Contacts';

let runner: RunnerProcess;
let context: BrowserContext;
let page: Page;
/** Console warnings and errors, uncaught exceptions, of the flows that must log none. */
const noise: string[] = [];
/** Bigin list requests the browser itself sent (any tab or worker of the context). */
const browserBiginLists: string[] = [];
let handOffSeq = 0;
/** What each connect command printed: it must hold the consent URL only, never a token. */
const connectOutputs: string[] = [];

const toolbar = () => page.getByRole('toolbar', { name: 'Workflow' });

async function seriousViolations(): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function pairFromSettings(code: string): Promise<void> {
  await page.goto('/#/settings');
  const card = page.getByRole('region', { name: 'Runner' });
  await card.getByLabel('Runner URL').fill(runner.url);
  await card.getByLabel('Pairing code').fill(code);
  await card.getByRole('button', { name: 'Pair' }).click();
}

/** Connects one of the runner's link names through its own consent flow: the CLI prints the URL, the page accepts. */
async function connectOnRunner(linkName: string): Promise<void> {
  const { url, done } = await runner.cliUrl(['connect', linkName]);
  const consent = await context.newPage();
  await consent.goto(url);
  await consent.getByRole('button', { name: 'Accept' }).click();
  await expect(consent.getByRole('heading', { name: 'Connected — you can close this tab' })).toBeVisible();
  await consent.close();
  connectOutputs.push((await done).printed);
}

test.beforeAll(async ({ browser }) => {
  runner = runnerProcess(RUNNER_PORT);
  await runner.start();
  // Blocking the service worker (the suite's default) makes Playwright itself log a warning; the build runs as people get it.
  context = await browser.newContext({ serviceWorkers: 'allow' });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') noise.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => noise.push(`uncaught: ${error.message}`));
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === SANDBOX && url.pathname === BIGIN_LIST && request.method() === 'GET') browserBiginLists.push(request.url());
  });
});

test.afterAll(async () => {
  await runner?.stop();
  await context?.close();
});

test('a wrong pairing code is refused with what to do', async () => {
  await pairFromSettings('wrong-code-0000');
  const card = page.getByRole('region', { name: 'Runner' });
  await expect(card.getByRole('alert')).toContainText('refused the pairing code');
  await expect(card.getByRole('alert')).toContainText('npm run runner -- pair');
  await expect(card.getByTestId('runner-status')).toHaveText('Not paired');
});

test('pairs from Settings with the code npm run runner -- pair printed', async () => {
  noise.length = 0;
  const code = pairingCodeOf(await runner.cli(['pair']));
  await pairFromSettings(code);
  const card = page.getByRole('region', { name: 'Runner' });
  await expect(card.getByTestId('runner-status')).toHaveText(`Paired with ${runner.url}`);
  await expect(card.getByText('Yes', { exact: true })).toBeVisible();
  await expect(card.getByLabel('Pairing code')).toHaveValue('');
  expect(await seriousViolations()).toEqual([]);
});

test('Send to runner hands a live workflow over: Active on runner, no browser switch, the commands it needs', async () => {
  await buildSyncWorkflow(page);
  await toolbar().getByRole('switch', { name: 'Active' }).click();
  const dialog = page.getByRole('dialog', { name: /^Switch on/ });
  await dialog.getByRole('button', { name: 'Switch on' }).click();
  await expect(toolbar().getByRole('switch', { name: 'Active' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('live-status')).toContainText('last checked');

  await toolbar().getByRole('button', { name: 'Send to runner' }).click();
  const outcome = page.getByTestId('runner-send-outcome');
  await expect(outcome).toContainText('handed its checkpoint over');
  await expect(outcome).toContainText('npm run runner -- connect bigin_connection');
  await expect(outcome).toContainText('npm run runner -- connect books_connection');
  handOffSeq = await lastSeq();
  browserBiginLists.length = 0;

  await expect(toolbar().getByText('Active on runner')).toBeVisible();
  await expect(toolbar().getByRole('switch', { name: 'Active' })).toHaveCount(0);
  await expect(toolbar().getByRole('button', { name: /^Stop on runner/ })).toBeVisible();
  await expect(page.getByTestId('runner-line')).toContainText('This browser does not watch it');
  expect(await seriousViolations()).toEqual([]);

  await page.goto('/#/workflows');
  const row = page.getByRole('row').filter({ hasText: 'Bigin → Books contact sync' });
  await expect(row.getByText('Active on runner')).toBeVisible();
  await expect(row.getByRole('switch', { name: 'Active' })).toHaveCount(0);
});

test('the runner runs a new contact; the Runs page Runner filter lists it with its log', async () => {
  // The first run waits for the runner's next check after its connections are there: up to one provider interval (60 s).
  test.setTimeout(180_000);
  await connectOnRunner('bigin_connection');
  await connectOnRunner('books_connection');
  const contact = await newBiginContact();

  await page.goto('/#/runs');
  await page.getByRole('radio', { name: 'Runner' }).check();
  await expect(page).toHaveURL(/#\/runs\/runner$/);
  const row = page.getByRole('row').filter({ hasText: contact.id });
  await expect(row).toBeVisible({ timeout: 120_000 });
  await expect(row.getByText('Succeeded')).toBeVisible({ timeout: 30_000 });
  expect(await seriousViolations()).toEqual([]);

  await row.getByRole('link', { name: /^Open log/ }).click();
  await expect(page.getByRole('heading', { name: /^Run of / })).toBeVisible();
  await expect(page.getByText('The runner', { exact: true })).toBeVisible();
  await expect(executionLog(page).getByTestId('run-status')).toHaveText('Succeeded');
  await expect(logEntries(page).getByRole('listitem').first()).toBeVisible();
  expect(await seriousViolations()).toEqual([]);

  const sandboxLists = (await sandboxRequests(handOffSeq)).filter((r) => r.method === 'GET' && r.path === BIGIN_LIST);
  expect(sandboxLists.length).toBeGreaterThan(0);
  expect(browserBiginLists).toEqual([]);
  expect(noise).toEqual([]);
  expect([...runner.output, ...connectOutputs].join('')).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}|access_token|refresh_token/);
});

test('a stopped runner is said plainly on the Runs page, with how to start it', async () => {
  await runner.stop();
  await page.goto('/#/runs/runner');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The runner cannot be reached.');
  await expect(alert).toContainText('npm run runner');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(await seriousViolations()).toEqual([]);

  // Reloaded while the runner is away, the app still knows what it runs and offers no browser switch.
  await page.goto('/#/workflows');
  await page.reload();
  const row = page.getByRole('row').filter({ hasText: 'Bigin → Books contact sync' });
  await expect(row.getByText('Active on runner')).toBeVisible();
  await expect(row.getByRole('switch', { name: 'Active' })).toHaveCount(0);
});

test('Forget ends the pairing on the runner too, and says what to run when the runner is away', async () => {
  await page.goto('/#/settings');
  const card = page.getByRole('region', { name: 'Runner' });
  await card.getByRole('button', { name: 'Forget' }).click();
  await expect(card.getByRole('status')).toContainText('The runner did not answer: run "npm run runner -- unpair"');
  await expect(card.getByTestId('runner-status')).toHaveText('Not paired');
  expect(await runner.cli(['unpair'])).toContain('Ended 1 pairing');

  await runner.start();
  await pairFromSettings(pairingCodeOf(await runner.cli(['pair'])));
  await expect(card.getByTestId('runner-status')).toHaveText(`Paired with ${runner.url}`);
  await card.getByRole('button', { name: 'Forget' }).click();
  await expect(card.getByRole('status')).toHaveText('The runner pairing was forgotten, here and on the runner.');
  await expect(card.getByTestId('runner-status')).toHaveText('Not paired');
  expect(await runner.cli(['unpair'])).toContain('No app was paired with this runner.');
});
