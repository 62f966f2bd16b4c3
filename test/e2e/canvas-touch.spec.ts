import { expect, test, type CDPSession, type Locator, type Page } from '@playwright/test';

/**
 * The canvas on a touch screen: the article's three steps are added, moved, selected and connected with
 * a finger alone (real touch events through the browser's input pipeline), and the view is panned and
 * zoomed.
 */

test.use({ hasTouch: true, isMobile: false, viewport: { width: 1280, height: 900 } });

interface Point {
  x: number;
  y: number;
}

const canvas = (page: Page) => page.getByRole('application', { name: 'Workflow canvas' });
const step = (page: Page, kind: 'Trigger' | 'Condition' | 'Function') =>
  page.locator('.svelte-flow__node').filter({ has: page.locator('.kind', { hasText: new RegExp(`^${kind}$`) }) });

async function centre(locator: Locator): Promise<Point> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function tap(page: Page, locator: Locator): Promise<void> {
  const at = await centre(locator);
  await page.touchscreen.tap(at.x, at.y);
}

/** One or more fingers down, moved in steps, lifted: `paths[i]` is where finger i goes, from its start to its end. */
async function touchMove(cdp: CDPSession, paths: [Point, Point][], steps = 30): Promise<void> {
  const at = (t: number) => paths.map(([a, b], id) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, id }));
  // Fingers land one after the other, as on a real screen.
  for (let n = 1; n <= paths.length; n++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0).slice(0, n) });
  for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function drag(cdp: CDPSession, from: Point, to: Point): Promise<void> {
  await touchMove(cdp, [[from, to]]);
}

/** A point of bare canvas with bare canvas `reach` pixels above and below it, for fingers to land on. */
async function emptySpot(page: Page, reach: number): Promise<Point> {
  const spot = await page.locator('.svelte-flow__pane').evaluate((pane, r) => {
    const box = pane.getBoundingClientRect();
    const bare = (x: number, y: number) => document.elementFromPoint(x, y) === pane;
    for (let x = box.left + 20; x < box.right - 20; x += 20)
      for (let y = box.top + r + 10; y < box.bottom - r - 10; y += 20)
        if (bare(x, y) && bare(x, y - r) && bare(x, y + r) && bare(x - 120, y)) return { x, y };
    return null;
  }, reach);
  if (!spot) throw new Error('no bare canvas to put fingers on');
  return spot;
}

function viewportOf(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  return page.locator('.svelte-flow__viewport').evaluate((el) => {
    const m = new DOMMatrix(getComputedStyle(el).transform);
    return { x: m.e, y: m.f, zoom: m.a };
  });
}

test('builds the article workflow by touch alone: add, move, select, connect, pan and zoom', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await page.goto('/#/workflows');
  await tap(page, page.getByRole('button', { name: 'New Workflow' }));
  await expect(canvas(page)).toBeVisible();

  const palette = page.getByRole('region', { name: 'Palette' });
  const area = await canvas(page).boundingBox();
  if (!area) throw new Error('canvas not visible');
  const kindAt = async (kind: 'Trigger' | 'Condition' | 'Function') => centre(step(page, kind).locator('.kind'));
  // Each step is tapped in with nothing selected (so it is not joined to the one before it: the
  // connections are made by finger below), then moved to its row by a finger.
  const rows = { Trigger: 40, Condition: 210, Function: 380 } as const;
  for (const kind of ['Trigger', 'Condition', 'Function'] as const) {
    if (kind !== 'Trigger') {
      const bare = await emptySpot(page, 0);
      await page.touchscreen.tap(bare.x, bare.y);
      await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(0);
    }
    await tap(page, palette.getByRole('button', { name: kind }));
    await expect(step(page, kind)).toHaveCount(1);
    const from = await kindAt(kind);
    await drag(cdp, from, { x: from.x - (kind === 'Function' ? 90 : 0), y: area.y + rows[kind] });
    await expect.poll(async () => Math.abs((await kindAt(kind)).y - (area.y + rows[kind]))).toBeLessThan(40);
  }
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();

  await tap(page, step(page, 'Condition').locator('.kind'));
  await expect(page.getByRole('region', { name: 'Condition settings' })).toBeVisible();
  await expect(step(page, 'Condition')).toHaveClass(/selected/);
  await tap(page, step(page, 'Trigger').locator('.kind'));
  await expect(page.getByRole('region', { name: 'Trigger settings' })).toBeVisible();

  // Drag from the trigger's output to the condition's input.
  await drag(
    cdp,
    await centre(step(page, 'Trigger').locator('.svelte-flow__handle.source')),
    await centre(step(page, 'Condition').locator('.svelte-flow__handle.target')),
  );
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
  // The new edge is saved before the next taps, so the save's redraw cannot land between the two.
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  // Tap the condition's true output, then the function's input.
  await tap(page, step(page, 'Condition').locator('.svelte-flow__handle[data-handleid="true"]'));
  await tap(page, step(page, 'Function').locator('.svelte-flow__handle.target'));
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(2);
  await expect(page.locator('.svelte-flow__edge[aria-label$="(true)"]')).toHaveCount(1);

  const before = await viewportOf(page);
  const empty = await emptySpot(page, 0);
  await drag(cdp, empty, { x: empty.x - 120, y: empty.y + 40 });
  await expect.poll(async () => (await viewportOf(page)).x).toBeLessThan(before.x - 60);
  const panned = await viewportOf(page);
  await tap(page, page.getByRole('button', { name: 'Zoom In' }));
  await expect.poll(async () => (await viewportOf(page)).zoom).toBeGreaterThan(panned.zoom * 1.1);
});
