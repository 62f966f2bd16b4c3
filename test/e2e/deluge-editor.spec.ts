import { expect, test, type Page } from '@playwright/test';
import { createAndConnect } from './connections-support.ts';

/**
 * The Deluge script editor in the function form: loaded only when a Deluge node is opened, parser
 * diagnostics as you type, autocomplete for built-ins and the workflow's connection link names.
 */
const settings = (page: Page) => page.getByRole('region', { name: 'Function settings' });
const editor = (page: Page) => settings(page).getByRole('textbox', { name: 'Deluge script' });
const suggestions = (page: Page) => page.locator('.cm-tooltip-autocomplete').getByRole('option');

test('the editor loads on demand, marks syntax errors with their line and completes names', async ({ page }) => {
  const editorChunks: string[] = [];
  page.on('request', (request) => {
    if (/DelugeEditor[^/]*\.js$/.test(request.url())) editorChunks.push(request.url());
  });
  const link = await createAndConnect(page, 'Zoho Bigin', 'Bigin Connection', 'ZohoBigin.modules.ALL');

  await page.goto('/#/workflows');
  await page.getByRole('button', { name: 'New from template' }).click();
  await page.getByRole('button', { name: 'Bigin → Books contact sync' }).click();
  await page
    .locator('.svelte-flow__node')
    .filter({ has: page.locator('.kind', { hasText: /^Function$/ }) })
    .locator('.kind')
    .click();
  expect(editorChunks, 'the editor is not part of the first screen').toEqual([]);

  await settings(page).getByRole('radio', { name: 'Deluge script' }).check();
  await expect(editor(page)).toBeVisible();
  expect(editorChunks).toHaveLength(1);

  // A syntax error on line 2 is underlined in place and listed with its line.
  await editor(page).click();
  await page.keyboard.insertText('a = Map();\nb = a.get("x") +;\n');
  const problems = settings(page).getByRole('list', { name: 'Script problems' });
  await expect(problems.getByRole('listitem').first()).toHaveText(/^Line 2, column \d+: .+/);
  await expect(editor(page).locator('.cm-line').nth(1).locator('.cm-lintRange-error')).toHaveCount(1);

  // Fixing it clears the diagnostics.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.insertText(' "y"');
  await expect(problems).toHaveCount(0);
  await expect(editor(page).locator('.cm-lintRange-error')).toHaveCount(0);

  // Highlighting comes from the interpreter's lexer; brackets are matched.
  await expect(editor(page).locator('.cm-dg-builtin', { hasText: 'Map' })).toHaveCount(1);
  await expect(editor(page).locator('.cm-dg-string').first()).toHaveText('"x"');

  // A built-in by prefix.
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('c = ifn');
  await suggestions(page)
    .filter({ hasText: /^ifnull/ })
    .click();
  await expect(editor(page)).toContainText('c = ifnull');
  await page.keyboard.type('(b, 0);');
  await expect(editor(page).locator('.cm-matchingBracket')).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await expect(editor(page).locator('.cm-matchingBracket')).toHaveCount(2);

  // The connection link names inside a string.
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nr = zoho.bigin.getRecordById("Contacts", "1", Map(), "big');
  await suggestions(page).filter({ hasText: link }).click();
  await expect(editor(page)).toContainText(`Map(), "${link}"`);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
});
