import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openSecrets, sealSecrets } from '../../../runner/secrets/connectionSecrets.ts';
import { openSqliteStore, type SqliteRunnerStore } from '../../../runner/store/sqlite.ts';
import { runningRunIds } from '../../../runner/store/sqliteRuns.ts';
import { TriggerState, type PendingEvent, type Run } from '../../../src/domain/index.ts';
import { dataBytes, tempDir } from './helpers.ts';

const open: { store: SqliteRunnerStore; remove(): void }[] = [];
function fresh(): { store: SqliteRunnerStore; dir: string } {
  const t = tempDir();
  const store = openSqliteStore(t.dir);
  open.push({ store, remove: t.remove });
  return { store, dir: t.dir };
}
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.store.close();
    o.remove();
  }
});

const WF = 'wf_store000001';
const event = (recordId: string, modifiedAt: number, status: PendingEvent['status'] = 'pending'): PendingEvent => ({
  key: `${WF}|${recordId}|${modifiedAt}`,
  workflowId: WF,
  module: 'Contacts',
  recordId,
  modifiedTime: new Date(modifiedAt).toISOString(),
  modifiedAt,
  event: 'edit',
  record: { id: recordId },
  source: 'live',
  status,
  runId: null,
  attempts: 0,
  detectedAt: 1,
  doneAt: null,
  error: null,
});

const run = (id: string, startedAt: number, status: Run['status'] = 'succeeded'): Run => ({
  id,
  workflowId: WF,
  workflowName: 'W',
  workflowRevision: 0,
  module: 'Contacts',
  event: 'create',
  record: {},
  mode: 'live',
  dryRun: false,
  status,
  startedAt,
  finishedAt: null,
  durationMs: null,
  nodeResults: {},
  error: null,
});

describe('the SQLite live store', () => {
  it('commits a poll in one go, queues a key once, and writes nothing once switched off', async () => {
    const { store } = fresh();
    await store.live.putState(TriggerState.parse({ workflowId: WF, active: true, updatedAt: 1 }));
    const first = { ...event('1', 200), record: { id: '1', v: 'first' } };
    expect(
      await store.live.commitPoll(WF, {
        events: [first, event('2', 100)],
        snapshots: [{ key: `${WF}|1`, workflowId: WF, recordId: '1', values: { Email: 'a@x' } }],
        state: { lastPollAt: 5 },
      }),
    ).toBe(true);
    expect(await store.live.commitPoll(WF, { events: [{ ...first, record: { id: '1', v: 'second' } }], snapshots: [], state: {} })).toBe(true);
    const queued = await store.live.queuedEvents(WF, 10);
    expect(queued.map((e) => e.recordId)).toEqual(['2', '1']);
    expect(queued[1]?.record).toEqual({ id: '1', v: 'first' });
    expect(await store.live.snapshots(WF, ['1', '9'])).toEqual(new Map([['1', { Email: 'a@x' }]]));
    expect((await store.live.state(WF))?.lastPollAt).toBe(5);

    await store.live.updateEvent(queued[0]!.key, { status: 'done', doneAt: 9 });
    expect((await store.live.queuedEvents(WF, 10)).map((e) => e.recordId)).toEqual(['1']);

    await store.live.updateState(WF, { active: false });
    expect(await store.live.commitPoll(WF, { events: [event('3', 300)], snapshots: [], state: { lastPollAt: 7 } })).toBe(false);
    expect((await store.live.state(WF))?.lastPollAt).toBe(5);
    expect((await store.live.queuedEvents(WF, 10)).map((e) => e.recordId)).toEqual(['1']);

    await store.live.forget(WF);
    expect(await store.live.state(WF)).toBeUndefined();
    expect(await store.live.queuedEvents(WF, 10)).toEqual([]);
    expect(await store.live.states()).toEqual([]);
  });
});

describe('the SQLite run store', () => {
  it('lists newest first with filters and paging, prunes with logs, and interrupts only running runs', async () => {
    const { store } = fresh();
    for (let i = 1; i <= 5; i++) await store.runs.saveRun(run(`run_000${i}`, i * 1000, i === 5 ? 'running' : 'succeeded'));
    await store.runs.appendLogEntries([{ runId: 'run_0001', seq: 0, time: 1, level: 'info', kind: 'info', message: 'hello' }]);
    expect((await store.runs.listRuns({})).map((r) => r.id)).toEqual(['run_0005', 'run_0004', 'run_0003', 'run_0002', 'run_0001']);
    expect((await store.runs.listRuns({ limit: 2, before: 4000 })).map((r) => r.id)).toEqual(['run_0003', 'run_0002']);
    expect((await store.runs.listRuns({ status: 'running' })).map((r) => r.id)).toEqual(['run_0005']);
    expect((await store.runs.listRuns({ workflowId: 'wf_other00001' })).length).toBe(0);
    expect(await store.runs.logEntries('run_0001')).toHaveLength(1);
    await store.runs.saveRun(run('run_0002', 2000), [{ runId: 'run_0002', seq: 0, time: 2, level: 'info', kind: 'info', message: 'last line' }]);
    expect((await store.runs.logEntries('run_0002')).map((e) => e.message)).toEqual(['last line']);

    expect(runningRunIds(store.db)).toEqual(['run_0005']);
    await store.runs.interruptRuns(['run_0005', 'run_0004']);
    expect((await store.runs.getRun('run_0005'))?.status).toBe('interrupted');
    expect((await store.runs.getRun('run_0005'))?.error?.code).toBe('RUN_INTERRUPTED');
    expect((await store.runs.getRun('run_0004'))?.status).toBe('succeeded');

    expect(await store.runs.pruneRuns(3)).toBe(2);
    expect(await store.runs.getRun('run_0001')).toBeUndefined();
    expect(await store.runs.logEntries('run_0001')).toEqual([]);
  });
});

describe('secrets at rest', () => {
  it('keeps no plaintext token anywhere in the data directory, before or after a reconnect', async () => {
    const { store, dir } = fresh();
    const key = randomBytes(32);
    const planted = `planted-access-${randomBytes(12).toString('hex')}`;
    const plantedRefresh = `planted-refresh-${randomBytes(12).toString('hex')}`;
    const connection = {
      id: 'conn_store0001',
      name: 'bigin',
      linkName: 'bigin',
      serviceId: 'svc_zoho_bigin',
      dataCenterId: 'sandbox',
      tenant: '',
      clientId: 'workflow-runner',
      scopesRequested: [],
      scopesGranted: [],
      status: 'connected' as const,
      expiresAt: null,
      authorizedAt: 1,
      lastRefreshAt: null,
      lastError: null,
      createdAt: 1,
      updatedAt: 1,
    };
    const sealed = sealSecrets(key, 'bigin', { accessToken: planted, refreshToken: plantedRefresh, expiresAt: null, version: 0 });
    await store.connections.put({ connection, sealedSecrets: sealed });
    await store.connections.put({
      connection,
      sealedSecrets: sealSecrets(key, 'bigin', { accessToken: `${planted}-2`, expiresAt: null, version: 1 }),
    });
    const stored = await store.connections.get('bigin');
    expect(openSecrets(key, 'bigin', stored?.sealedSecrets ?? '').accessToken).toBe(`${planted}-2`);
    const bytes = dataBytes(dir);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from('conn_store0001'))).toBe(true);
    expect(bytes.includes(Buffer.from(planted))).toBe(false);
    expect(bytes.includes(Buffer.from(plantedRefresh))).toBe(false);
  });
});
