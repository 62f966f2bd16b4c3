import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const routes = [
  { hash: '#/connections', heading: 'Connections' },
  { hash: '#/workflows', heading: 'Workflows' },
  { hash: '#/runs', heading: 'Runs' },
  { hash: '#/settings', heading: 'Settings' },
];

test.describe('app shell', () => {
  for (const route of routes) {
    test(`${route.hash} shows the navigation, its page and no serious accessibility violation`, async ({ page }) => {
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(`/${route.hash}`);
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const label of ['Connections', 'Workflows', 'Runs', 'Settings']) {
        await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
      }
      await expect(page.getByRole('heading', { level: 1, name: route.heading, exact: true })).toBeVisible();
      await expect(nav.getByRole('link', { name: route.heading, exact: true })).toHaveAttribute('aria-current', 'page');

      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  }

  test('moving between pages that load on demand raises no page error', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/#/runs/run_doesnotexist1');
    await expect(page.getByRole('link', { name: 'Runs', exact: true })).toHaveAttribute('aria-current', 'page');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const label of ['Workflows', 'Runs', 'Settings', 'Workflows', 'Connections', 'Runs']) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: label, exact: true })).toBeVisible();
    }
    expect(errors).toEqual([]);
  });

  test('an unknown route says so and links back', async ({ page }) => {
    await page.goto('/#/nowhere');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to Connections' }).click();
    await expect(page).toHaveURL(/#\/connections$/);
  });

  test('the dark theme follows the system setting', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/#/connections');
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).not.toBe(light);
  });

  test('the theme chosen in Settings overrides the system setting', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/#/settings');
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByLabel('Theme').selectOption('dark');
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(light);
    await page.reload();
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(light);
  });

  test('no page breaks the Content Security Policy, including the canvas and the Deluge editor', async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { cspViolations: string[] }).cspViolations.push(
          `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
        );
      });
    });
    const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    for (const route of routes) {
      await page.goto(`/${route.hash}`);
      await expect(page.getByRole('heading', { level: 1, name: route.heading, exact: true })).toBeVisible();
      expect(await violations()).toEqual([]);
    }
    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await expect(page.getByRole('toolbar', { name: 'Workflow' })).toBeVisible();
    await page.locator('.svelte-flow__node').filter({ hasText: 'Sync contact' }).first().click();
    await page.getByRole('region', { name: 'Function settings' }).getByRole('radio', { name: 'Deluge script' }).check();
    await expect(page.locator('.cm-editor')).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  test('served pages carry the security headers', async ({ page }) => {
    const response = await page.goto('/');
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['referrer-policy']).toBe('no-referrer');
  });
});

test.describe('storage failures', () => {
  test('a corrupted row is reported and skipped, the page keeps working', async ({ page }) => {
    await page.goto('/#/workflows');
    await expect(page.getByRole('heading', { level: 1, name: 'Workflows' })).toBeVisible();
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('workflow-builder');
          open.onsuccess = () => {
            const tx = open.result.transaction('workflows', 'readwrite');
            tx.objectStore('workflows').put({ id: 'wf_damaged0001', name: 12, schemaVersion: 2, updatedAt: Date.now() });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.reload();
    await expect(page.getByText(/wf_damaged0001.*damaged and was skipped/)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Workflows' })).toBeVisible();
  });

  test('a version-1 database with an unmigratable workflow upgrades; the others load and the banner names it', async ({ page }) => {
    // Any document of the app's origin reaches its IndexedDB; this one does not open the database itself.
    await page.goto('/favicon.svg');
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          // Dexie stores its schema version × 10 as the IndexedDB version; these are the version-1 stores.
          const open = indexedDB.open('workflow-builder', 10);
          open.onupgradeneeded = () => {
            const db = open.result;
            db.createObjectStore('services', { keyPath: 'id' }).createIndex('linkName', 'linkName', { unique: true });
            const connections = db.createObjectStore('connections', { keyPath: 'id' });
            connections.createIndex('linkName', 'linkName', { unique: true });
            connections.createIndex('serviceId', 'serviceId');
            db.createObjectStore('vault', { keyPath: 'id' });
            db.createObjectStore('keys', { keyPath: 'id' });
            db.createObjectStore('pending', { keyPath: 'id' }).createIndex('expiresAt', 'expiresAt');
            db.createObjectStore('workflows', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
            const runs = db.createObjectStore('runs', { keyPath: 'id' });
            for (const index of ['workflowId', 'startedAt', 'status']) runs.createIndex(index, index);
            db.createObjectStore('logs', { keyPath: ['runId', 'seq'] }).createIndex('runId', 'runId');
            db.createObjectStore('meta', { keyPath: 'key' });
          };
          open.onsuccess = () => {
            const tx = open.result.transaction('workflows', 'readwrite');
            const store = tx.objectStore('workflows');
            store.put({
              id: 'wf_oldgood001',
              name: 'Old but fine',
              schemaVersion: 1,
              nodes: [{ id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, config: { module: 'Contacts', events: ['create'] } }],
              edges: [],
              createdAt: 1,
              updatedAt: 2,
            });
            store.put({ id: 'wf_nonodes001', name: 'Lost its steps', schemaVersion: 1, edges: [], createdAt: 1, updatedAt: 1 });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.goto('/#/workflows');
    await expect(page.getByRole('link', { name: 'Old but fine' })).toBeVisible();
    await expect(page.getByText(/wf_nonodes001.*damaged and was skipped: nodes/)).toBeVisible();
    const kept = await page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('workflow-builder');
          open.onsuccess = () => {
            const get = open.result.transaction('workflows').objectStore('workflows').get('wf_nonodes001');
            get.onsuccess = () => {
              resolve({ version: open.result.version, row: get.result });
              open.result.close();
            };
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(kept).toMatchObject({ version: 30, row: { name: 'Lost its steps', schemaVersion: 1 } });
  });

  test('a database that will not open shows a clear message', async ({ page }) => {
    // Browsers with site data blocked throw SecurityError from indexedDB.open.
    await page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    await page.goto('/#/connections');
    await expect(page.getByText(/would not open the app's local storage/)).toBeVisible();
  });

  test('another tab opening a newer database version shows the reload banner', async ({ page, context }) => {
    await page.goto('/#/connections');
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    const other = await context.newPage();
    await other.goto('/#/connections');
    await other.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const probe = indexedDB.open('workflow-builder');
          probe.onsuccess = () => {
            const version = probe.result.version;
            probe.result.close();
            const upgrade = indexedDB.open('workflow-builder', version + 1);
            upgrade.onsuccess = () => {
              upgrade.result.close();
              resolve();
            };
            upgrade.onerror = () => reject(upgrade.error);
          };
        }),
    );
    await expect(page.getByText('A newer version of this app is open — reload')).toBeVisible();
  });
});
