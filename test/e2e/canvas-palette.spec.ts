import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * Clicking palette items builds the article's workflow without any dragging: each step lands under the
 * selected one, clear of it, and is joined to it (the condition on its true branch).
 */

const step = (page: Page, kind: 'Trigger' | 'Condition' | 'Function') =>
  page.locator('.svelte-flow__node').filter({ has: page.locator('.kind', { hasText: new RegExp(`^${kind}$`) }) });

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}

test('three palette clicks build trigger → condition → (true) function, connected and apart', async ({ page }) => {
  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New Workflow' }).click();
  const canvas = page.getByRole('application', { name: 'Workflow canvas' });
  await expect(canvas).toBeVisible();
  const palette = page.getByRole('region', { name: 'Palette' });
  const edges = page.locator('.svelte-flow__edge');

  await palette.getByRole('button', { name: 'Trigger' }).click();
  await expect(step(page, 'Trigger')).toHaveClass(/selected/);
  await expect(edges).toHaveCount(0);

  await palette.getByRole('button', { name: 'Condition' }).click();
  await expect(step(page, 'Condition')).toHaveClass(/selected/);
  await expect(edges).toHaveCount(1);

  await palette.getByRole('button', { name: 'Function' }).click();
  await expect(step(page, 'Function')).toHaveClass(/selected/);
  await expect(edges).toHaveCount(2);

  // Edges are announced by step names.
  await expect(page.locator('.svelte-flow__edge[aria-label="Trigger → Condition"]')).toHaveCount(1);
  await expect(page.locator('.svelte-flow__edge[aria-label="Condition → Sync contact to Zoho Books (true)"]')).toHaveCount(1);

  // Each step sits below the one before it, with nothing on top of anything; the true branch is on the left.
  // The view pans to follow the new step, so the boxes are read once it has stopped moving.
  const boxes = async () => [await box(step(page, 'Trigger')), await box(step(page, 'Condition')), await box(step(page, 'Function'))];
  let previous = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await boxes());
      const still = now === previous;
      previous = now;
      return still;
    })
    .toBe(true);
  const [trigger, condition, fn] = (await boxes()) as [
    Awaited<ReturnType<typeof box>>,
    Awaited<ReturnType<typeof box>>,
    Awaited<ReturnType<typeof box>>,
  ];
  expect(condition.y).toBeGreaterThan(trigger.y + trigger.height);
  expect(fn.y).toBeGreaterThan(condition.y + condition.height);
  expect(fn.x + fn.width / 2).toBeLessThan(condition.x + condition.width / 2);
  // The view followed the new step just far enough to show it whole.
  const area = await box(canvas);
  await expect.poll(async () => (await box(step(page, 'Function'))).y).toBeGreaterThanOrEqual(area.y);
  const shown = await box(step(page, 'Function'));
  expect(shown.y + shown.height).toBeLessThanOrEqual(area.y + area.height);
  expect(shown.x).toBeGreaterThanOrEqual(area.x);

  // A step and its edge came in one edit, so they leave in one undo.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(step(page, 'Function')).toHaveCount(0);
  await expect(edges).toHaveCount(1);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
});
