import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/server.ts';
import { openDb } from '../../../sandbox/store/db.ts';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { ContactRecord } from './contract/bigin-schema.ts';
import { ContactAnswer, OrganizationAnswer } from './contract/books-schema.ts';
import { BOOKS_ORG, call, control } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const names = async (url: string) => ((await call(url, '/_sandbox/bigin/contacts')).body.data as { Last_Name: string }[]).map((c) => c.Last_Name);

describe('persistence', () => {
  it('keeps data and grants across a restart; fresh starts from the seed', async () => {
    const dataDir = join(dir, 'a');
    let sandbox = await startSandbox({ port: 0, dataDir });
    await control(sandbox.url, '/_sandbox/bigin/contacts', { Last_Name: 'Survivor' });
    const tokens = await getTokens(sandbox.url, ['ZohoBigin.modules.ALL']);
    await sandbox.close();

    sandbox = await startSandbox({ port: 0, dataDir });
    expect(await names(sandbox.url)).toContain('Survivor');
    expect((await call(sandbox.url, '/bigin/v2/Contacts?per_page=1', { token: tokens.access_token })).status).toBe(200);
    await sandbox.close();

    sandbox = await startSandbox({ port: 0, dataDir, fresh: true });
    expect(await names(sandbox.url)).not.toContain('Survivor');
    expect(await names(sandbox.url)).toHaveLength(25);
    await sandbox.close();
  });
});

describe('data files from earlier versions and restarts', () => {
  it("answers rows written before today's attributes existed in the current, documented shape", async () => {
    const dataDir = join(dir, 'legacy');
    let sandbox = await startSandbox({ port: 0, dataDir });
    await sandbox.close();
    // Strip what earlier versions did not store.
    const db = openDb(dataDir);
    const strip = (table: string, key: string, drop: (row: Record<string, unknown>) => void): void => {
      const rows = db.prepare(`SELECT ${key} AS k, data FROM ${table}`).all() as { k: string; data: string }[];
      for (const row of rows) {
        const data = JSON.parse(row.data) as Record<string, unknown>;
        drop(data);
        db.prepare(`UPDATE ${table} SET data = ? WHERE ${key} = ?`).run(JSON.stringify(data), row.k);
      }
    };
    strip('bigin_records', 'id', (r) =>
      ['$approval', '$approval_state', '$in_merge', '$process_flow', '$orchestration', '$review', '$review_process', '$state'].forEach(
        (k) => delete r[k],
      ),
    );
    strip('books_contacts', 'contact_id', (c) => {
      ['has_transaction', 'is_crm_customer', 'currency_id', 'outstanding_payable_amount', 'default_templates', 'opening_balances'].forEach(
        (k) => delete c[k],
      );
      for (const p of c.contact_persons as Record<string, unknown>[]) delete p.can_invite;
    });
    strip('books_orgs', 'organization_id', (o) => ['tax_group_enabled', 'plan_period', 'address', 'user_role'].forEach((k) => delete o[k]));
    db.close();

    sandbox = await startSandbox({ port: 0, dataDir });
    const { access_token: token } = await getTokens(sandbox.url, ['ZohoBigin.modules.ALL', 'ZohoBooks.fullaccess.all']);
    const bigin = await call(sandbox.url, '/bigin/v2/Contacts?per_page=3', { token });
    for (const record of bigin.body.data) expect(ContactRecord.safeParse(record).error?.issues ?? []).toEqual([]);
    const rows = (await call(sandbox.url, `/books/v3/contacts?organization_id=${BOOKS_ORG}`, { token })).body.contacts as { contact_id: string }[];
    for (const row of rows) {
      const contact = await call(sandbox.url, `/books/v3/contacts/${row.contact_id}?organization_id=${BOOKS_ORG}`, { token });
      expect(ContactAnswer.safeParse(contact.body).error?.issues ?? []).toEqual([]);
    }
    const org = await call(sandbox.url, `/books/v3/organizations/${BOOKS_ORG}`, { token });
    expect(OrganizationAnswer.safeParse(org.body).error?.issues ?? []).toEqual([]);
    await sandbox.close();
  });

  it('honours a page token issued before a restart', async () => {
    const dataDir = join(dir, 'tokens');
    let sandbox = await startSandbox({ port: 0, dataDir });
    const { access_token: token } = await getTokens(sandbox.url, ['ZohoBigin.modules.ALL']);
    const first = await call(sandbox.url, '/bigin/v2/Contacts?per_page=10', { token });
    await sandbox.close();
    sandbox = await startSandbox({ port: 0, dataDir });
    const next = await call(sandbox.url, `/bigin/v2/Contacts?per_page=10&page_token=${encodeURIComponent(first.body.info.next_page_token)}`, {
      token,
    });
    expect(next.status).toBe(200);
    expect(next.body.info.page).toBe(2);
    const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((r) => r.id);
    expect(ids(next)).toHaveLength(10);
    expect(ids(next).filter((id) => ids(first).includes(id))).toEqual([]);
    await sandbox.close();
  });
});

function run(args: string[], env: Record<string, string>): { done: Promise<number>; output: () => string; kill: (s: NodeJS.Signals) => void } {
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['sandbox/main.ts', ...args], { env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return {
    done: new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1))),
    output: () => out,
    kill: (s) => child.kill(s),
  };
}

describe('main.ts', () => {
  it('prints its URL, serves, and closes cleanly on SIGTERM', async () => {
    const proc = run([], { SANDBOX_PORT: '0', SANDBOX_DATA_DIR: join(dir, 'b'), SANDBOX_APP_ORIGINS: 'http://localhost:4999' });
    const deadline = Date.now() + 15_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /listening on (http:\/\/localhost:\d+)/.exec(proc.output())?.[1];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(url).toBeDefined();
    expect((await call(url as string, '/_sandbox/health')).body).toEqual({ ok: true });
    const preflight = await call(url as string, '/oauth/v2/token', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:4999', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:4999');
    proc.kill('SIGTERM');
    expect(await proc.done).toBe(0);
  });

  it('--reset-only resets the data file and exits', async () => {
    const dataDir = join(dir, 'c');
    let sandbox = await startSandbox({ port: 0, dataDir });
    await control(sandbox.url, '/_sandbox/bigin/contacts', { Last_Name: 'Gone Soon' });
    await sandbox.close();
    const proc = run(['--reset-only'], { SANDBOX_DATA_DIR: dataDir });
    expect(await proc.done).toBe(0);
    sandbox = await startSandbox({ port: 0, dataDir });
    expect(await names(sandbox.url)).not.toContain('Gone Soon');
    await sandbox.close();
  });

  it('rejects unknown flags and bad origins with a clear message', async () => {
    const flag = run(['--frsh'], {});
    expect(await flag.done).toBe(2);
    expect(flag.output()).toContain('unknown argument --frsh');
    const origin = run([], { SANDBOX_APP_ORIGINS: 'localhost:5173/app' });
    expect(await origin.done).toBe(2);
    expect(origin.output()).toContain('is not an origin');
  });
});
