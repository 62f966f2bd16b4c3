import { createHash, randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';

/** Drives the sandbox's consent page in Chromium; the app's callback is intercepted so only the sandbox is under test. */
const SANDBOX = `http://localhost:${Number(process.env.E2E_SANDBOX_PORT ?? 4010)}`;
const APP = `http://localhost:${Number(process.env.E2E_APP_PORT ?? 4173)}`;
const REDIRECT_URI = `${APP}/oauth/callback`;
const SCOPES = 'ZohoBigin.modules.contacts.READ,ZohoBooks.contacts.READ';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge: string, state: string): string {
  const url = new URL('/oauth/v2/auth', SANDBOX);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'workflow-builder',
    scope: SCOPES,
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    access_type: 'offline',
    prompt: 'consent',
  }).toString();
  return url.toString();
}

async function interceptCallback(page: Page): Promise<void> {
  await page.route(`${REDIRECT_URI}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>callback</title><p>callback reached</p>' }),
  );
}

async function openConsent(page: Page, challenge: string, state: string): Promise<void> {
  await interceptCallback(page);
  await page.goto(authorizeUrl(challenge, state));
  await expect(page.getByRole('heading', { name: 'Workflow Builder would like to access your data' })).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveText('Sam Sandbox');
  await expect(page.getByText('Bigin: Contacts, read')).toBeVisible();
  await expect(page.getByText('Books: Contacts, read')).toBeVisible();
  await expect(page.getByText('organization_id 10234695')).toBeVisible();
}

test('Accept redirects with a code that the app origin can exchange and use from the browser', async ({ page }) => {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  await openConsent(page, challenge, state);
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.waitForURL((url) => url.origin === APP && url.pathname === '/oauth/callback');

  const callback = new URL(page.url());
  expect(callback.searchParams.get('state')).toBe(state);
  expect(callback.searchParams.get('location')).toBe('sandbox');
  expect(callback.searchParams.get('accounts-server')).toBe(SANDBOX);
  const code = callback.searchParams.get('code');
  expect(code).toMatch(/^1000\./);

  // From the app's origin, as the browser-only app does it: CORS on the token endpoint and on Books.
  const result = await page.evaluate(
    async ({ sandbox, code, verifier, redirectUri }) => {
      const tokenRes = await fetch(`${sandbox}/oauth/v2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'workflow-builder',
          code,
          code_verifier: verifier,
          redirect_uri: redirectUri,
        }),
      });
      const tokens = (await tokenRes.json()) as { access_token?: string; refresh_token?: string; api_domain?: string };
      const books = await fetch(`${tokens.api_domain}/books/v3/contacts?organization_id=10234695`, {
        headers: { Authorization: `Zoho-oauthtoken ${tokens.access_token}` },
      });
      const body = (await books.json()) as { code: number; contacts: unknown[] };
      return {
        hasAccess: Boolean(tokens.access_token),
        hasRefresh: Boolean(tokens.refresh_token),
        apiDomain: tokens.api_domain,
        booksStatus: books.status,
        booksCode: body.code,
        count: body.contacts.length,
      };
    },
    { sandbox: SANDBOX, code: code ?? '', verifier, redirectUri: REDIRECT_URI },
  );
  expect(result).toEqual({ hasAccess: true, hasRefresh: true, apiDomain: SANDBOX, booksStatus: 200, booksCode: 0, count: expect.any(Number) });
  expect(result.count).toBeGreaterThan(0);
});

test('Deny redirects with error=access_denied and no code', async ({ page }) => {
  const { challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  await openConsent(page, challenge, state);
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL((url) => url.origin === APP && url.pathname === '/oauth/callback');

  const callback = new URL(page.url());
  expect(callback.searchParams.get('error')).toBe('access_denied');
  expect(callback.searchParams.get('state')).toBe(state);
  expect(callback.searchParams.has('code')).toBe(false);
});
