import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SANDBOX } from './connections-support.ts';
import { StaticHost, buildApp, controlledByServiceWorker, type HostLayout } from './pwa-support.ts';

/**
 * The build on a plain static host (no rewrites), and a second build deployed over it: the running page
 * shows "Update available — Reload", keeps its editor until Reload, then runs the new build on the same data.
 */
test.use({ serviceWorkers: 'allow' });

const appPort = Number(process.env.E2E_APP_PORT ?? 4173);
/** The build the Playwright web server made for this run. */
const firstBuild = `.test-output/dist-${appPort}`;
const nextBuild = `.test-output/pwa-next-${appPort}`;
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

const callbackAnswers: Record<HostLayout, string[]> = {
  folder: ['301 /oauth/callback', '200 /oauth/callback/'],
  extension: ['200 /oauth/callback'],
};

for (const layout of ['folder', 'extension'] as HostLayout[]) {
  test(`the OAuth callback reaches the app on a static host that serves the ${layout} form`, async ({ page }) => {
    const host = new StaticHost(layout);
    const origin = await host.start(firstBuild);
    try {
      // A state this browser never issued: the app's callback code must run and refuse it.
      await page.goto(`${origin}/oauth/callback?code=c-unknown&state=s-unknown`);
      await expect(page.getByTestId('notice')).toContainText('the answer does not belong to a sign-in started in this browser');
      expect(host.answered.slice(0, callbackAnswers[layout].length)).toEqual(callbackAnswers[layout]);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(page.url()).not.toContain('code=');
    } finally {
      await host.stop();
    }
  });
}

test('a new build shows "Update available — Reload", never swaps the open editor, and runs after Reload with the data intact', async ({ page }) => {
  test.setTimeout(240_000);
  await buildApp(nextBuild, { BUILD_LABEL: 'next', VITE_SANDBOX_ORIGIN: SANDBOX });
  const host = new StaticHost();
  const origin = await host.start(firstBuild);
  try {
    await page.goto(`${origin}/#/workflows`);
    await controlledByServiceWorker(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByText(`Version ${version}`, { exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    const nodes = page.locator('.svelte-flow__node');
    await expect(nodes).toHaveCount(3);
    await page.getByRole('region', { name: 'Palette' }).getByRole('button', { name: 'Condition' }).click();
    await expect(nodes).toHaveCount(4);
    await expect(page.getByTestId('save-status')).toHaveText('Saved');
    const editorUrl = page.url();
    // Survives only as long as this document does: a reload of any kind clears it.
    await page.evaluate(() => Object.assign(window, { pwaSpecDocument: 'first' }));

    host.deploy(nextBuild);
    // What the hourly check does: ask the server for sw.js again.
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const notice = page.getByRole('status').filter({ hasText: 'Update available' });
    await expect(notice).toHaveText('Update available — Reload');
    // The old build keeps running under the open editor until the person chooses.
    expect(await page.evaluate(() => (window as { pwaSpecDocument?: string }).pwaSpecDocument)).toBe('first');
    expect(page.url()).toBe(editorUrl);
    await expect(nodes).toHaveCount(4);
    await expect(nav.getByText(`Version ${version}`, { exact: true })).toBeVisible();

    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(nav.getByText(`Version ${version}+next`, { exact: true })).toBeVisible();
    expect(await page.evaluate(() => (window as { pwaSpecDocument?: string }).pwaSpecDocument)).toBeUndefined();
    expect(page.url()).toBe(editorUrl);
    await expect(nodes).toHaveCount(4);
    await expect(page.getByRole('status').filter({ hasText: 'Update available' })).toHaveCount(0);
    const nextEntry = /src="(\/assets\/index-[^"]+\.js)"/.exec(readFileSync(`${nextBuild}/index.html`, 'utf8'))![1]!;
    expect(await page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src'))).toBe(nextEntry);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows', exact: true }).click();
    await expect(page.getByRole('link', { name: /Bigin → Books contact sync/ })).toHaveCount(1);

    // Right after the update, a provider's redirect is answered by the new build from the host.
    await page.goto(`${origin}/oauth/callback?code=c-unknown&state=s-unknown`);
    await expect(page.getByTestId('notice')).toContainText('the answer does not belong to a sign-in started in this browser');
    await expect(nav.getByText(`Version ${version}+next`, { exact: true })).toBeVisible();
  } finally {
    await host.stop();
  }
});
