import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { APP } from './connections-support.ts';

/**
 * The OAuth client against a standards provider we did not write: the `oidc-provider` package on
 * loopback, configured in the UI as a custom service — over HTTPS with a throw-away self-signed
 * certificate, and over plain http on a loopback port, as a developer's local identity server runs.
 */
test.use({ ignoreHTTPSErrors: true });

/** oidc-provider ships no type declarations; this is the slice the test uses. */
type ProviderClass = new (issuer: string, config: Record<string, unknown>) => { callback(): (req: IncomingMessage, res: ServerResponse) => void };
const OIDC_PROVIDER = 'oidc-provider';

interface RunningProvider {
  issuer: string;
  tokenRequests: string[];
  close(): Promise<void>;
}

let certDir = '';
const providers: RunningProvider[] = [];

function selfSignedServer(): Server {
  certDir ||= mkdtempSync(join(tmpdir(), 'oidc-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(certDir, 'key.pem'),
      '-out',
      join(certDir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return createHttpsServer({ key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) });
}

/** An oidc-provider on `scheme://host:<free port>`; `host` as it appears in a URL (e.g. `[::1]`). */
async function startProvider(scheme: 'http' | 'https', host: string): Promise<RunningProvider> {
  const server = scheme === 'https' ? selfSignedServer() : createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, host.replace(/^\[|\]$/g, ''), resolve));
  const issuer = `${scheme}://${host}:${(server.address() as AddressInfo).port}`;
  const { default: Provider } = (await import(OIDC_PROVIDER)) as { default: ProviderClass };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'builder-spa',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${APP}/oauth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
  });
  const handle = provider.callback();
  const tokenRequests: string[] = [];
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/token')) tokenRequests.push(req.method ?? '');
    handle(req, res);
  });
  const running = { issuer, tokenRequests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  providers.push(running);
  return running;
}

test.afterAll(async () => {
  await Promise.all(providers.map((p) => p.close()));
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

/** Creates the custom service (naming its issuer unless told not to) and starts a connection to it. */
async function createAndConnect(page: Page, issuer: string, serviceName: string, linkName: string, withIssuer = true): Promise<void> {
  await page.goto('/#/connections/custom');
  await page.getByRole('button', { name: 'Create Service' }).click();
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Service Name').fill(serviceName);
  await form.getByLabel('Service Link Name').fill(linkName);
  await form.getByLabel('API origins').fill(issuer);
  await form.getByLabel('Test request URL (optional)').fill(`${issuer}/me`);
  await form.getByLabel('Client ID').fill('builder-spa');
  await form.getByLabel('Authorize URL').fill(`${issuer}/auth`);
  await form.getByLabel('Access Token URL').fill(`${issuer}/token`);
  await form.getByLabel('Revoke URL').fill(`${issuer}/token/revocation`);
  if (withIssuer) await form.getByLabel('Issuer (optional)').fill(issuer);
  await form.getByLabel('Scopes').fill('openid | Sign you in\nprofile | Your profile');
  await form.getByRole('button', { name: 'Create Service' }).click();

  await page.getByRole('article', { name: serviceName }).getByRole('button', { name: 'Create Connection' }).click();
  await page.getByLabel('Connection Name').fill('OIDC Connection');
  await page.getByRole('checkbox', { name: 'openid' }).check();
  await page.getByRole('button', { name: 'Create and Connect' }).click();
}

/** Creates the custom service and a connection to it, and signs in at the provider's dev login. */
async function connectCustomService(page: Page, issuer: string, serviceName: string, linkName: string, withIssuer = true): Promise<void> {
  await createAndConnect(page, issuer, serviceName, linkName, withIssuer);
  await page.waitForURL((url) => url.origin === issuer);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: /sign-in/i }).click();
  await page.getByRole('button', { name: /continue/i }).click();
  await page.waitForURL((url) => url.origin === APP && url.hash.startsWith('#/connections/view/'));
}

for (const [scheme, host] of [
  ['https', 'localhost'],
  ['http', '127.0.0.1'],
  ['http', 'localhost'],
] as const) {
  test(`a custom service backed by oidc-provider on ${scheme}://${host} connects with PKCE, state and iss`, async ({ page }) => {
    const provider = await startProvider(scheme, host);
    await connectCustomService(page, provider.issuer, `OIDC ${scheme} ${host}`, `oidc_${scheme}_${host.replaceAll('.', '_')}`);

    await expect(page.getByTestId('notice')).toContainText('Connected');
    const doctor = page.getByRole('region', { name: 'Connection OIDC Connection' });
    await expect(doctor.getByText('Connected', { exact: true })).toBeVisible();
    await expect(doctor.getByTestId('link-name')).toHaveText('oidc_connection');
    expect(provider.tokenRequests).toEqual(['POST']);
    expect(page.url()).not.toMatch(/code=|state=/);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByTestId('test-result')).toContainText('Test succeeded');
  });
}

// The form accepts http on every loopback host, but the CSP lists only localhost and 127.0.0.1.
test('a token request the CSP blocks says so and names the fix, never "check your network"', async ({ page }) => {
  const provider = await startProvider('http', '[::1]');
  await connectCustomService(page, provider.issuer, 'OIDC on IPv6 loopback', 'oidc_ipv6', false);

  const notice = page.getByTestId('notice');
  await expect(notice).toContainText(`Content Security Policy (connect-src) blocked the request to ${provider.issuer}`);
  await expect(notice).toContainText('http://localhost or http://127.0.0.1');
  await expect(notice).not.toContainText('Check the address and your network');
  await expect(page.getByTestId('last-error')).toContainText('(CSP_BLOCKED)');
  expect(provider.tokenRequests).toEqual([]);
});

test('a discovery request the CSP blocks says so in the connection form', async ({ page }) => {
  const provider = await startProvider('http', '[::1]');
  await createAndConnect(page, provider.issuer, 'OIDC discovery on IPv6 loopback', 'oidc_ipv6_discovery');
  const alert = page.getByRole('form', { name: 'Create connection' }).getByRole('alert');
  await expect(alert).toContainText(`Content Security Policy (connect-src) blocked the request to ${provider.issuer}`);
  await expect(alert).toContainText('http://localhost or http://127.0.0.1');
  await expect(alert).not.toContainText('Check the address and your network');
});
