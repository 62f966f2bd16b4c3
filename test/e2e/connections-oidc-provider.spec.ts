import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { APP } from './connections-support.ts';

/**
 * The OAuth client against a standards provider we did not write: the `oidc-provider` package on
 * loopback, configured in the UI as a custom service. It runs over HTTPS with a throw-away
 * self-signed certificate, because the app's CSP allows plain http only for the sandbox.
 */
test.use({ ignoreHTTPSErrors: true });

/** oidc-provider ships no type declarations; this is the slice the test uses. */
type ProviderClass = new (issuer: string, config: Record<string, unknown>) => { callback(): (req: IncomingMessage, res: ServerResponse) => void };
const OIDC_PROVIDER = 'oidc-provider';

let server: Server;
let issuer = '';
let certDir = '';
const tokenRequests: string[] = [];

test.beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'oidc-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  issuer = `https://localhost:${(server.address() as AddressInfo).port}`;
  const { default: Provider } = (await import(OIDC_PROVIDER)) as { default: ProviderClass };
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'builder-spa', token_endpoint_auth_method: 'none', redirect_uris: [`${APP}/oauth/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/token')) tokenRequests.push(req.method ?? '');
    handle(req, res);
  });
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(certDir, { recursive: true, force: true });
});

test('a custom service backed by oidc-provider connects with PKCE, state and iss', async ({ page }) => {
  await page.goto('/#/connections/custom');
  await page.getByRole('button', { name: 'Create Service' }).click();
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Service Name').fill('Loopback OIDC');
  await form.getByLabel('Service Link Name').fill('loopback_oidc');
  await form.getByLabel('API origins').fill(issuer);
  await form.getByLabel('Test request URL (optional)').fill(`${issuer}/me`);
  await form.getByLabel('Client ID').fill('builder-spa');
  await form.getByLabel('Authorize URL').fill(`${issuer}/auth`);
  await form.getByLabel('Access Token URL').fill(`${issuer}/token`);
  await form.getByLabel('Revoke URL').fill(`${issuer}/token/revocation`);
  await form.getByLabel('Issuer (optional)').fill(issuer);
  await form.getByLabel('Scopes').fill('openid | Sign you in\nprofile | Your profile');
  await form.getByRole('button', { name: 'Create Service' }).click();

  await page.getByRole('article', { name: 'Loopback OIDC' }).getByRole('button', { name: 'Create Connection' }).click();
  await page.getByLabel('Connection Name').fill('OIDC Connection');
  await page.getByRole('checkbox', { name: 'openid' }).check();
  await expect(page.getByLabel('Connection Link Name')).toHaveValue('oidc_connection');
  await page.getByRole('button', { name: 'Create and Connect' }).click();

  await page.waitForURL((url) => url.origin === issuer);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: /sign-in/i }).click();
  await page.getByRole('button', { name: /continue/i }).click();

  await page.waitForURL((url) => url.origin === APP && url.hash.startsWith('#/connections/view/'));
  await expect(page.getByTestId('notice')).toContainText('Connected');
  const doctor = page.getByRole('region', { name: 'Connection OIDC Connection' });
  await expect(doctor.getByText('Connected', { exact: true })).toBeVisible();
  await expect(doctor.getByTestId('link-name')).toHaveText('oidc_connection');
  expect(tokenRequests).toEqual(['POST']);
  expect(page.url()).not.toMatch(/code=|state=/);

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test succeeded');
});
