import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { executionLog, expectRunStatus, logEntries, testRun } from './runs-support.ts';

/**
 * The canvas end to end: draw the article's workflow by hand, keep it across reloads, undo/redo from
 * stored history, the template, export/import and a second tab.
 */

const BIGIN = { linkName: 'bigin_connection', name: 'Bigin Connection', serviceId: 'svc_zoho_bigin' };
const BOOKS = { linkName: 'books_connection', name: 'Books Connection', serviceId: 'svc_zoho_books' };

/** Connections are made through OAuth elsewhere; here two finished ones are put straight into the app's database. */
async function seedConnections(page: Page): Promise<void> {
  await page.goto('/#/workflows');
  await expect(page.getByRole('heading', { name: 'Workflows', exact: true })).toBeVisible();
  await page.evaluate(
    async (connections) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('workflow-builder');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction('connections', 'readwrite');
      const now = Date.now();
      connections.forEach((c, i) =>
        tx.objectStore('connections').put({
          id: `conn_e2ecanvas${i}`,
          name: c.name,
          linkName: c.linkName,
          serviceId: c.serviceId,
          dataCenterId: 'sandbox',
          clientId: 'workflow-builder',
          scopesRequested: [],
          scopesGranted: [],
          status: 'connected',
          expiresAt: null,
          authorizedAt: now,
          lastRefreshAt: null,
          lastError: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    [BIGIN, BOOKS],
  );
}

const canvas = (page: Page) => page.getByRole('application', { name: 'Workflow canvas' });
const step = (page: Page, kind: 'Trigger' | 'Condition' | 'Function') =>
  page.locator('.svelte-flow__node').filter({ has: page.locator('.kind', { hasText: new RegExp(`^${kind}$`) }) });

const settings = (page: Page, kind: 'Trigger' | 'Condition' | 'Function') => page.getByRole('region', { name: `${kind} settings` });

async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('handle not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 5, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

function parseTransform(transform: string): { x: number; y: number; zoom: number } {
  const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\) scale\(([\d.]+)\)/.exec(transform);
  if (!match) throw new Error(`unexpected viewport transform: ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}

async function storedViewport(page: Page, id: string): Promise<unknown> {
  return page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('workflow-builder');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const row = await new Promise<{ layout?: { viewport?: unknown } } | undefined>((resolve, reject) => {
      const request = db.transaction('workflows').objectStore('workflows').get(key);
      request.onsuccess = () => resolve(request.result as { layout?: { viewport?: unknown } } | undefined);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return row?.layout?.viewport ?? null;
  }, id);
}

async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
}

async function exported(page: Page): Promise<Record<string, unknown>> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  const path = await file.path();
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

interface FileShape {
  nodes: { id: string; type: string; config: unknown }[];
  edges: { source: string; target: string; branch?: string }[];
}

/** The graph with ids replaced by node types, so two drawings of the same workflow compare equal. */
function shape(file: Record<string, unknown>) {
  const { nodes, edges } = file as unknown as FileShape;
  const typeOf = new Map(nodes.map((n) => [n.id, n.type]));
  return {
    nodes: nodes.map((n) => ({ type: n.type, config: n.config })).sort((a, b) => a.type.localeCompare(b.type)),
    edges: edges.map((e) => `${typeOf.get(e.source)} -${e.branch ?? ''}-> ${typeOf.get(e.target)}`).sort(),
  };
}

async function drawArticleWorkflow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New Workflow' }).click();
  await expect(canvas(page)).toBeVisible();
  const palette = page.getByRole('region', { name: 'Palette' });

  await palette.getByRole('button', { name: 'Trigger' }).click();
  await expect(step(page, 'Trigger')).toHaveCount(1);
  const area = await canvas(page).boundingBox();
  if (!area) throw new Error('canvas not visible');
  await palette.getByRole('button', { name: 'Condition' }).dragTo(canvas(page), {
    targetPosition: { x: area.width / 2, y: area.height / 3 + 170 },
  });
  await expect(step(page, 'Condition')).toHaveCount(1);
  // With nothing selected, a clicked step goes under the lowest one and is not joined: connected by hand below.
  await canvas(page).click({ position: { x: 5, y: 5 } });
  await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(0);
  await palette.getByRole('button', { name: 'Function' }).click();
  await expect(step(page, 'Function')).toHaveCount(1);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(0);
  await page.getByRole('button', { name: 'Fit View' }).click();

  await step(page, 'Trigger').locator('.kind').click();
  const trigger = page.getByRole('region', { name: 'Trigger settings' });
  await trigger.getByLabel('Module').selectOption('Contacts');
  await trigger.getByRole('checkbox', { name: 'Create' }).check();
  await trigger.getByRole('checkbox', { name: 'Edit' }).check();

  await dragBetween(
    page,
    step(page, 'Trigger').locator('.svelte-flow__handle.source'),
    step(page, 'Condition').locator('.svelte-flow__handle.target'),
  );
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);

  await step(page, 'Condition').locator('.kind').click();
  const condition = page.getByRole('region', { name: 'Condition settings' });
  await condition.getByRole('radio', { name: 'All' }).check();
  await condition.getByLabel('Field of rule 1').selectOption('Email');
  await condition.getByLabel('Operator of rule 1').selectOption({ label: 'is not empty' });
  await expect(step(page, 'Condition')).toContainText('Email is not empty');

  await dragBetween(
    page,
    step(page, 'Condition').locator('.svelte-flow__handle[data-handleid="true"]'),
    step(page, 'Function').locator('.svelte-flow__handle.target'),
  );
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(2);

  await step(page, 'Function').locator('.kind').click();
  const fn = page.getByRole('region', { name: 'Function settings' });
  await expect(fn.getByLabel('Function name')).toHaveValue('Sync contact to Zoho Books');
  await expect(fn.getByRole('radio', { name: 'Built-in action' })).toBeChecked();
  await fn.getByLabel('Bigin connection').selectOption(BIGIN.linkName);
  await fn.getByLabel('Zoho Books connection').selectOption(BOOKS.linkName);
  await fn.getByLabel('Organization ID').fill('10234695');
  await saved(page);
}

test.describe('workflow canvas', () => {
  test('draws the article workflow by hand, keeps it across a reload, and matches the template', async ({ page }) => {
    await seedConnections(page);
    await drawArticleWorkflow(page);
    await expect(page.getByRole('heading', { name: /Problems/ })).toContainText('0');
    await expect(page.getByRole('button', { name: 'Test run' })).toBeEnabled();
    const drawn = await exported(page);
    await page.getByRole('button', { name: 'Test run' }).click();
    await expect(page.getByRole('dialog', { name: 'Test run' })).toBeVisible();

    await page.reload();
    await expect(step(page, 'Trigger')).toContainText('Contacts · Create / Edit');
    await expect(step(page, 'Condition')).toContainText('Email is not empty');
    await expect(step(page, 'Function')).toContainText('Sync contact to Zoho Books');
    await expect(page.locator('.svelte-flow__edge')).toHaveCount(2);
    await step(page, 'Function').locator('.kind').click();
    await expect(settings(page, 'Function').getByLabel('Organization ID')).toHaveValue('10234695');
    await expect(settings(page, 'Function').getByLabel('Bigin connection')).toHaveValue(BIGIN.linkName);
    expect(await exported(page)).toEqual(drawn);

    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await expect(step(page, 'Condition')).toContainText('Email is not empty');
    const template = await exported(page);
    const withConnections = (file: Record<string, unknown>) => {
      const s = shape(file);
      return { ...s, nodes: s.nodes.map((n) => (n.type === 'function' ? { type: n.type } : n)) };
    };
    expect(withConnections(template)).toEqual(withConnections(drawn));
    expect((template as unknown as FileShape).nodes.find((n) => n.type === 'function')?.config).toMatchObject({
      name: 'Sync contact to Zoho Books',
      kind: 'builtin',
    });
  });

  test('undo and redo survive a reload', async ({ page }) => {
    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New Workflow' }).click();
    await expect(page.getByRole('button', { name: 'Test run' })).toBeDisabled();
    await expect(page.getByText('Fix the 1 problem below to run this workflow.')).toBeVisible();
    const palette = page.getByRole('region', { name: 'Palette' });
    await palette.getByRole('button', { name: 'Trigger' }).click();
    await palette.getByRole('button', { name: 'Condition' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
    await saved(page);

    await page.reload();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
    await saved(page);

    await page.reload();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
    await canvas(page).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+Z');
    await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await expect(page.locator('.svelte-flow__node')).toHaveCount(0);
    await saved(page);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Redo' })).toBeEnabled();
  });

  test('keyboard: delete, copy/paste with new ids, arrow nudge', async ({ page }) => {
    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(3);

    await step(page, 'Condition').locator('.kind').click();
    const before = await step(page, 'Condition').boundingBox();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => ((await step(page, 'Condition').boundingBox())?.x ?? 0) - (before?.x ?? 0)).toBeGreaterThan(4);

    await page.keyboard.press('Control+C');
    await page.keyboard.press('Control+V');
    await expect(step(page, 'Condition')).toHaveCount(2);
    const ids = await page.locator('.svelte-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(4);

    await page.keyboard.press('Delete');
    await expect(step(page, 'Condition')).toHaveCount(1);
    await step(page, 'Condition').locator('.kind').click();
    await page.keyboard.press('Backspace');
    await expect(step(page, 'Condition')).toHaveCount(0);
    await expect(page.locator('.svelte-flow__edge')).toHaveCount(0);
    const problems = page.getByRole('region', { name: /Problems/ });
    await expect(problems).toContainText('not connected to the trigger');
    await expect(settings(page, 'Function')).toHaveCount(0);
    await problems.getByRole('button', { name: /Sync contact to Zoho Books" is not connected to the trigger/ }).click();
    await expect(settings(page, 'Function')).toBeVisible();
    await expect(step(page, 'Function')).toHaveClass(/selected/);
  });

  test('export then import gives an equal workflow; a broken file is refused with its path', async ({ page }) => {
    await seedConnections(page);
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await step(page, 'Function').locator('.kind').click();
    await settings(page, 'Function').getByLabel('Bigin connection').selectOption(BIGIN.linkName);
    await saved(page);
    const original = await exported(page);
    // The only Books connection is preselected, so both connections travel with the file.
    expect(original.connections).toEqual([
      { linkName: BIGIN.linkName, service: 'zoho_bigin' },
      { linkName: BOOKS.linkName, service: 'zoho_books' },
    ]);

    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
    const broken = structuredClone(original) as { nodes: { config: { rules?: { op: string }[] } }[] };
    const rules = broken.nodes[1]?.config.rules;
    if (!rules?.[0]) throw new Error('fixture: the template has changed');
    rules[0].op = 'resembles';
    await dialog.getByLabel("Or paste the file's JSON").fill(JSON.stringify(broken));
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await expect(dialog.getByRole('alert')).toContainText('nodes[1].config.rules[0].op');
    await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();

    const withExtras = { ...original, accessToken: 'do-not-keep' };
    await dialog.getByLabel("Or paste the file's JSON").fill(JSON.stringify(withExtras));
    await dialog.getByRole('button', { name: 'Check file' }).click();
    const preview = dialog.getByRole('region', { name: 'Import preview' });
    await expect(preview).toContainText('bigin_connection (zoho_bigin): exists');
    await expect(preview).toContainText('Removed accessToken');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(step(page, 'Function')).toHaveCount(1);
    expect(await exported(page)).toEqual(original);

    await page.goto('/#/workflows');
    await expect(page.getByRole('link', { name: 'Bigin → Books contact sync' })).toHaveCount(2);
  });

  test('the canvas opens where it was left: panned and zoomed, across a reload', async ({ page }) => {
    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
    const viewport = page.locator('.svelte-flow__viewport');
    const transform = () => viewport.evaluate((el) => (el as HTMLElement).style.transform);
    await saved(page);
    const fitted = await transform();

    const area = await canvas(page).boundingBox();
    if (!area) throw new Error('canvas not visible');
    const from = { x: area.x + 30, y: area.y + area.height - 30 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 90, from.y - 60, { steps: 6 });
    await page.mouse.up();
    await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    await page.mouse.wheel(0, 200);
    await expect.poll(transform).not.toBe(fitted);
    const moved = parseTransform(await transform());
    const id = decodeURIComponent(page.url().split('/').pop() ?? '');
    await expect
      .poll(() => storedViewport(page, id))
      .toEqual({ x: Math.round(moved.x), y: Math.round(moved.y), zoom: expect.closeTo(moved.zoom, 3) });
    await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
    await saved(page);

    await page.reload();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
    const reopened = parseTransform(await transform());
    expect(reopened.x).toBeCloseTo(moved.x, -0.5);
    expect(reopened.y).toBeCloseTo(moved.y, -0.5);
    expect(reopened.zoom).toBeCloseTo(moved.zoom, 3);
    expect(parseTransform(fitted).zoom).not.toBeCloseTo(moved.zoom, 3);
  });

  test('the docked execution log resizes from the keyboard, remembers its height, and maximizes', async ({ page }) => {
    await seedConnections(page);
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await step(page, 'Function').locator('.kind').click();
    await settings(page, 'Function').getByLabel('Bigin connection').selectOption(BIGIN.linkName);
    await settings(page, 'Function').getByLabel('Zoho Books connection').selectOption(BOOKS.linkName);
    await settings(page, 'Function').getByLabel('Organization ID').fill('10234695');
    await saved(page);
    await testRun(page, { json: JSON.stringify({ id: '4150868000000999002', Last_Name: 'Nobody', Email: '' }), event: 'Create' });
    await expectRunStatus(page, 'Skipped');
    const total = await logEntries(page).locator('li').count();
    const fullyShown = () =>
      logEntries(page).evaluate((list) => {
        const box = list.getBoundingClientRect();
        return [...list.children].filter((row) => {
          const r = row.getBoundingClientRect();
          return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        }).length;
      });
    const before = await fullyShown();
    expect(before).toBeLessThan(total);

    const splitter = executionLog(page).getByRole('separator', { name: 'Resize the execution log' });
    await expect(splitter).toHaveAttribute('aria-orientation', 'horizontal');
    const axe = await new AxeBuilder({ page }).include('.execution-log').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    const startHeight = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBeGreaterThan(startHeight + 100);
    await expect.poll(fullyShown).toBeGreaterThan(before);
    const grown = await splitter.getAttribute('aria-valuenow');
    await page.keyboard.press('ArrowDown');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(Number(grown) - 24));

    await page.reload();
    await expect(splitter).toHaveAttribute('aria-valuenow', String(Number(grown) - 24));
    const handle = await splitter.boundingBox();
    if (!handle) throw new Error('splitter not visible');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2 + 30, { steps: 3 });
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2 + 60, { steps: 3 });
    await page.mouse.up();
    await expect(splitter).toHaveAttribute('aria-valuenow', String(Number(grown) - 24 - 60));

    await executionLog(page).getByRole('button', { name: 'Maximize' }).click();
    await expect(canvas(page)).toBeHidden();
    await expect(executionLog(page).getByRole('heading', { name: 'Execution log', exact: true })).toBeVisible();
    await expect.poll(fullyShown).toBe(total);
    await executionLog(page).getByRole('button', { name: 'Restore' }).click();
    await expect(canvas(page)).toBeVisible();
    await expect(step(page, 'Condition')).toBeVisible();
  });

  test('an edit in one tab appears in the other without a reload', async ({ page, context }) => {
    await page.goto('/#/workflows');
    await page.getByRole('button', { name: 'New from template' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(0);
    await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
    await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
    const other = await context.newPage();
    await other.goto(page.url());
    await expect(other.locator('.svelte-flow__node')).toHaveCount(3);

    await step(page, 'Condition').locator('.kind').click();
    await settings(page, 'Condition').getByLabel('Operator of rule 1').selectOption({ label: 'is empty' });
    await saved(page);
    await expect(step(other, 'Condition')).toContainText('Email is empty');

    await other.getByRole('region', { name: 'Palette' }).getByRole('button', { name: 'Function' }).click();
    await saved(other);
    await expect(step(page, 'Function')).toHaveCount(2);
  });
});
