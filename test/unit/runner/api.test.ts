import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePairings, PAIRING_CODE_TTL_MS, type Pairings } from '../../../runner/api/pairing.ts';
import { close, createApi, listen } from '../../../runner/api/server.ts';
import { streamLog } from '../../../runner/log.ts';
import { sqlitePending } from '../../../runner/oauth/pending.ts';
import { openSqliteStore, type SqliteRunnerStore } from '../../../runner/store/sqlite.ts';
import { systemClock } from '../../../src/engine/clock.ts';
import type { Clock } from '../../../src/engine/ports.ts';
import { templateFileText, tempDir } from './helpers.ts';
import { freePort } from '../../support/ports.ts';

const APP = 'http://localhost:5173';
let server: Server;
let store: SqliteRunnerStore;
let pairings: Pairings;
let port: number;
let base: string;
let remove: () => void;
let now = Date.now();
let logged = '';
const clock: Clock = { ...systemClock, now: () => now };

beforeAll(async () => {
  const t = tempDir();
  remove = t.remove;
  store = openSqliteStore(t.dir);
  pairings = sqlitePairings(store.db);
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const key = randomBytes(32);
  server = await listen(
    createApi({
      store,
      pairings,
      connect: { connections: store.connections, pending: sqlitePending(store.db, key), key, clock, sandboxUrl: 'http://127.0.0.1:1', port },
      clock,
      log: streamLog((text) => (logged += text)),
      mode: 'embedded',
      port,
      preferSandbox: true,
      changed: async () => {},
    }),
    port,
  );
});

afterAll(async () => {
  await close(server);
  await store.close();
  remove();
});

async function call(path: string, init: RequestInit & { token?: string; origin?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.origin !== null) headers.set('origin', init.origin ?? APP);
  const res = await fetch(`${base}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function pair(origin = APP): Promise<string> {
  const code = pairings.newCode(now);
  const res = await call('/pair', { method: 'POST', body: JSON.stringify({ code }), origin });
  expect(res.status).toBe(200);
  expect(res.body.runner.name).toBe('workflow-runner');
  return res.body.token as string;
}

describe('the runner API guards', () => {
  it('answers /health to anyone on its loopback names, with no counts or secrets', async () => {
    const res = await call('/health', { origin: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', name: 'workflow-runner', version: expect.any(String), mode: 'embedded' });
  });

  it('refuses an unpaired caller with RUNNER_UNPAIRED', async () => {
    for (const token of [undefined, 'x'.repeat(43)]) {
      const res = await call('/workflows', { origin: null, ...(token ? { token } : {}) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('RUNNER_UNPAIRED');
      expect(res.body.error.message).toMatch(/npm run runner -- pair/);
    }
  });

  it('refuses a foreign Host (DNS rebinding), even with a valid token', async () => {
    const token = await pair();
    const { request } = await import('node:http');
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/workflows', headers: { host: `evil.example:${port}`, authorization: `Bearer ${token}` } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status.status).toBe(421);
    expect(JSON.parse(status.body).error.code).toBe('RUNNER_HOST_REFUSED');
  });

  it('refuses a foreign Origin with 403 and no CORS grant, and a token used from another origin', async () => {
    const token = await pair();
    const foreign = await call('/workflows', { token, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('RUNNER_ORIGIN_REFUSED');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const other = await pair('http://127.0.0.1:4173');
    const crossed = await call('/workflows', { token: other, origin: APP });
    expect(crossed.status).toBe(403);
  });

  it('grants CORS and answers preflights for the paired origin', async () => {
    const token = await pair();
    const ok = await call('/workflows', { token });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    const preflight = await fetch(`${base}/workflows`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
  });

  it('spends a pairing code once, and refuses an expired one', async () => {
    const code = pairings.newCode(now);
    const first = await call('/pair', { method: 'POST', body: JSON.stringify({ code }) });
    expect(first.status).toBe(200);
    const again = await call('/pair', { method: 'POST', body: JSON.stringify({ code }) });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('RUNNER_PAIRING_REFUSED');
    const late = pairings.newCode(now);
    now += PAIRING_CODE_TTL_MS + 1;
    const expired = await call('/pair', { method: 'POST', body: JSON.stringify({ code: late }) });
    expect(expired.status).toBe(401);
    const wrong = await call('/pair', { method: 'POST', body: JSON.stringify({ code: 'guess' }) });
    expect(wrong.status).toBe(401);
    expect(logged).not.toContain(code);
    expect(logged).not.toContain(first.body.token);
  });
});

describe('ending a pairing', () => {
  it("ends the caller's own pairing only; its token is refused afterwards", async () => {
    const token = await pair();
    const other = await pair();
    expect((await call('/pair', { method: 'DELETE' })).status).toBe(401);
    const ended = await call('/pair', { method: 'DELETE', token });
    expect(ended.status).toBe(204);
    expect(ended.headers.get('access-control-allow-origin')).toBe(APP);
    const after = await call('/workflows', { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('RUNNER_UNPAIRED');
    expect((await call('/workflows', { token: other })).status).toBe(200);
    expect(logged).not.toContain(token);
  });

  it('ends every pairing from the command line', () => {
    const ended = pairings.unpairAll();
    expect(ended).toBeGreaterThan(0);
    expect(pairings.unpairAll()).toBe(0);
    expect(pairings.isPairedOrigin(APP)).toBe(false);
  });
});

describe('the runner API routes', () => {
  it('adds a workflow, lists its link names, replaces it in place by sourceId keeping the checkpoint', async () => {
    const token = await pair();
    const file = JSON.parse(templateFileText());
    const checkpoint = { modifiedTime: '2026-01-01T00:00:00+00:00', seen: ['1@1'], readUpTo: 5 };
    const created = await call('/workflows', { method: 'POST', token, body: JSON.stringify({ file, sourceId: 'wf_app0000001', checkpoint }) });
    expect(created.status).toBe(201);
    expect(created.body.workflow).toMatchObject({
      id: 'wf_app0000001',
      sourceId: 'wf_app0000001',
      revision: 0,
      active: true,
      linkNames: [
        { linkName: 'bigin', service: 'zoho_bigin', status: 'not_connected' },
        { linkName: 'books', service: 'zoho_books', status: 'not_connected' },
      ],
      trigger: { lastPollAt: null, trouble: null },
    });
    const replaced = await call('/workflows', {
      method: 'POST',
      token,
      body: JSON.stringify({ file: { ...file, name: 'Renamed' }, sourceId: 'wf_app0000001' }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.workflow).toMatchObject({ name: 'Renamed', revision: 1, active: true });
    expect((await store.live.state('wf_app0000001'))?.checkpoint).toEqual(checkpoint);

    const off = await call('/workflows/wf_app0000001/active', { method: 'POST', token, body: JSON.stringify({ active: false }) });
    expect(off.body.active).toBe(false);
    // As in the browser: off drops the checkpoint; on again starts from the checkpoint handed over, or a baseline.
    expect((await store.live.state('wf_app0000001'))?.checkpoint).toBeNull();
    const handedOver = { ...checkpoint, readUpTo: 9 };
    const on = await call('/workflows', {
      method: 'POST',
      token,
      body: JSON.stringify({ file, sourceId: 'wf_app0000001', checkpoint: handedOver, active: true }),
    });
    expect(on.body.workflow.active).toBe(true);
    expect((await store.live.state('wf_app0000001'))?.checkpoint).toEqual(handedOver);
    const list = await call('/workflows', { token });
    expect(list.body.workflows.map((w: { id: string }) => w.id)).toContain('wf_app0000001');
    expect((await call('/workflows/wf_app0000001', { method: 'DELETE', token })).status).toBe(204);
    expect((await call('/workflows/wf_app0000001', { method: 'DELETE', token })).status).toBe(404);
  });

  it('refuses a broken workflow file naming the path, and bad parameters in words', async () => {
    const token = await pair();
    const file = JSON.parse(templateFileText());
    file.nodes[0].config.module = 'Spaceships';
    const bad = await call('/workflows', { method: 'POST', token, body: JSON.stringify({ file }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('RUNNER_BAD_WORKFLOW');
    expect(bad.body.error.message).toContain('nodes[0].config.module');
    const noFile = await call('/workflows', { method: 'POST', token, body: JSON.stringify({}) });
    expect(noFile.body.error.code).toBe('RUNNER_BAD_WORKFLOW');
    const badSource = await call('/workflows', {
      method: 'POST',
      token,
      body: JSON.stringify({ file: JSON.parse(templateFileText()), sourceId: 'nope' }),
    });
    expect(badSource.body.error.code).toBe('RUNNER_BAD_REQUEST');
    const notJson = await call('/workflows', { method: 'POST', token, body: '{' });
    expect(notJson.body.error.code).toBe('RUNNER_BAD_REQUEST');
    expect((await call('/runs?status=weird', { token })).body.error.code).toBe('RUNNER_BAD_REQUEST');
    expect((await call('/runs?limit=500', { token })).status).toBe(400);
    const missing = await call('/runs/run_nothing0001', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('RUNNER_NOT_FOUND');
    expect((await call('/runs', { token })).body).toEqual({ runs: [] });
  });
});
