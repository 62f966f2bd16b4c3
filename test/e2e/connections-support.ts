import { expect, type Page } from '@playwright/test';

export const SANDBOX = `http://localhost:${Number(process.env.E2E_SANDBOX_PORT ?? 4010)}`;
export const APP = `http://localhost:${Number(process.env.E2E_APP_PORT ?? 4173)}`;

export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  grantType?: string;
}

export async function sandboxRequests(since = 0): Promise<LoggedRequest[]> {
  const response = await fetch(`${SANDBOX}/_sandbox/requests?since=${since}`);
  return (await response.json()) as LoggedRequest[];
}

export async function lastSeq(): Promise<number> {
  const all = await sandboxRequests(0);
  return all.at(-1)?.seq ?? 0;
}

export async function tokenRequests(since: number, grantType?: string): Promise<LoggedRequest[]> {
  return (await sandboxRequests(since)).filter((r) => r.path === '/oauth/v2/token' && (grantType === undefined || r.grantType === grantType));
}

export async function sandboxPost(path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${SANDBOX}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Opens a default service's Create Connection form from the catalog. */
export async function openCreateForm(page: Page, serviceName: string): Promise<void> {
  await page.goto('/#/connections/default');
  await page.getByLabel('Search services').fill(serviceName);
  const card = page.getByRole('article', { name: serviceName, exact: true });
  await card.getByRole('button', { name: 'Create Connection' }).click();
  await expect(page.getByRole('form', { name: 'Create connection' })).toBeVisible();
}

/** Fills the form for the Sandbox (local) data centre with one scope; returns the generated link name. */
export async function fillSandboxConnection(page: Page, name: string, scope: string): Promise<string> {
  const form = page.getByRole('form', { name: 'Create connection' });
  await form.getByLabel('Connection Name').fill(name);
  await form.getByLabel('Data centre').selectOption({ label: 'Sandbox (local)' });
  await form.getByRole('checkbox', { name: scope, exact: false }).first().check();
  await expect(form.getByLabel('Client ID')).toHaveValue('workflow-builder');
  const linkName = await form.getByLabel('Connection Link Name').inputValue();
  expect(linkName).toMatch(/^[a-z][a-z0-9_]*$/);
  return linkName;
}

/** Create and Connect → the sandbox consent page → Accept → back on the connection's page. */
export async function createAndConnect(page: Page, serviceName: string, name: string, scope: string): Promise<string> {
  await openCreateForm(page, serviceName);
  const linkName = await fillSandboxConnection(page, name, scope);
  await page.getByRole('button', { name: 'Create and Connect' }).click();
  await page.waitForURL((url) => url.origin === SANDBOX && url.pathname === '/oauth/v2/auth');
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.waitForURL((url) => url.origin === APP && url.hash.startsWith('#/connections/view/'));
  await expect(page.getByTestId('notice')).toContainText('Connected');
  await expect(page.getByRole('region', { name: `Connection ${name}` }).getByText('Connected', { exact: true })).toBeVisible();
  return linkName;
}

/** Every client-side store as one string: localStorage, sessionStorage, cookies and each IndexedDB object store (bytes as latin-1). */
export async function dumpBrowserStorage(page: Page): Promise<string> {
  const dump = await page.evaluate(async () => {
    const bytes = (view: Uint8Array) => Array.from(view, (b) => String.fromCharCode(b)).join('');
    const replacer = (_key: string, value: unknown) => {
      if (value instanceof ArrayBuffer) return bytes(new Uint8Array(value));
      if (ArrayBuffer.isView(value)) return bytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return `[CryptoKey extractable=${value.extractable}]`;
      return value;
    };
    const stores: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        stores[`${info.name}/${name}`] = await new Promise((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie, indexedDB: stores }, replacer);
  });
  return dump;
}
