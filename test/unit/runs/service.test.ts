import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Workflow, isAppError, type LogEntry, type Run } from '../../../src/domain/index.ts';
import { systemClock } from '../../../src/engine/clock.ts';
import { lockName } from '../../../src/app/runs/locks.ts';
import { createRunService, type RunProgress, type RunServiceDeps } from '../../../src/app/runs/service.ts';
import {
  AppDatabase,
  appendLogEntries,
  getRun,
  listRuns,
  logEntriesFor,
  pruneRuns,
  resetDatabaseForTests,
  saveRun,
} from '../../../src/storage/index.ts';
import { CONNECTIONS, FakeHttp, ORG, ZohoFake, janeDoe, json, syncWorkflow } from '../engine/fakes.ts';

function workflow(): Workflow {
  const now = Date.now();
  return Workflow.parse({ ...syncWorkflow(), id: 'wf_runs0001', schemaVersion: 2, layout: { nodes: {} }, createdAt: now, updatedAt: now });
}

function service(zoho: { http: FakeHttp }, extra: Partial<RunServiceDeps> = {}, retention = 1000) {
  return createRunService({
    http: zoho.http,
    clock: systemClock,
    store: { saveRun, appendLogEntries, pruneRuns, runRetention: async () => retention },
    validationContext: async () => ({ connections: CONNECTIONS }),
    logIntervalMs: 5,
    ...extra,
  });
}

/** Connections only: each test adds the one route it needs. */
function bareHttp(): FakeHttp {
  return new FakeHttp()
    .connection({ linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin' })
    .connection({ linkName: 'books_conn', serviceLinkName: 'zoho_books' });
}

const messages = (log: LogEntry[]) => log.map((e) => e.message);

beforeEach(() => resetDatabaseForTests(new AppDatabase(`runs-${crypto.randomUUID()}`)));
afterEach(() => resetDatabaseForTests());

describe('test runs through the app service', () => {
  it('stores a running run first, then the finished run with node results and the whole log in order', async () => {
    const zoho = new ZohoFake();
    zoho.addBiginContact(janeDoe());
    const runs = service(zoho);
    const handle = await runs.start(workflow(), { record: janeDoe(), event: 'create', dryRun: false });

    const early = await getRun(handle.runId);
    expect(early?.status).toBe('running');
    expect(early?.mode).toBe('test');

    const run = await handle.done;
    expect(run.status).toBe('succeeded');
    expect(run.finishedAt).not.toBeNull();
    expect(run.nodeResults.trigger?.outcome).toBe('ran');
    expect(run.nodeResults.has_email).toMatchObject({ outcome: 'ran', conditionResult: true });
    expect(run.nodeResults.sync).toMatchObject({ outcome: 'ran', output: { action: 'created', email: 'jane@example.com' } });
    expect(await getRun(handle.runId)).toEqual(run);
    expect(zoho.books).toHaveLength(1);

    const log = await logEntriesFor(handle.runId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    expect(log[0]?.message).toMatch(/^Run started: Contacts · Create$/);
    expect(log.at(-1)?.message).toMatch(/^Run succeeded in \d+ ms$/);
    const http = log.filter((e) => e.kind === 'http').map((e) => e.message);
    expect(http).toHaveLength(3);
    expect(http[0]).toMatch(/^GET https:\/\/www\.zohoapis\.com\/bigin\/v2\/Contacts\/4150868000000225013 → 200 · 1 result in/);
    expect(http[1]).toMatch(
      new RegExp(`^GET https://www\\.zohoapis\\.com/books/v3/contacts\\?organization_id=${ORG}&email=jane%40example\\.com → 200 · 0 results in`),
    );
    expect(http[2]).toMatch(/^POST https:\/\/www\.zohoapis\.com\/books\/v3\/contacts\?organization_id=10234695 → 201 in/);
    const create = log.find((e) => e.kind === 'http' && e.message.startsWith('POST'));
    expect(create?.nodeId).toBe('sync');
    expect(create?.data).toMatchObject({ status: 201, request: { body: { contact_name: 'Jane Doe' } } });
  });

  it('skips the function and says the condition was false for a contact without an email', async () => {
    const zoho = new ZohoFake();
    const run = await (await service(zoho).start(workflow(), { record: janeDoe({ Email: '' }), event: 'edit', dryRun: false })).done;
    expect(run.status).toBe('skipped');
    expect(run.nodeResults.has_email).toMatchObject({ outcome: 'ran', conditionResult: false });
    expect(run.nodeResults.sync).toMatchObject({ outcome: 'skipped', reason: 'condition "Email is not empty" was false' });
    expect(messages(await logEntriesFor(run.id))).toContain('"Sync contact to Zoho Books" skipped: condition "Email is not empty" was false');
    expect(zoho.http.sent).toEqual([]);
  });

  it('stores a run whose trigger does not fire as skipped, saying why', async () => {
    const wf = workflow();
    const trigger = wf.nodes.find((n) => n.type === 'trigger')!;
    if (trigger.type === 'trigger') trigger.config.events = ['create'];
    const zoho = new ZohoFake();
    const run = await (await service(zoho).start(wf, { record: janeDoe(), event: 'edit', dryRun: false })).done;
    expect(run.status).toBe('skipped');
    expect(messages(await logEntriesFor(run.id)).at(-1)).toMatch(/^Run skipped after \d+ ms: the trigger listens to Create, not Edit$/);
    expect(zoho.http.sent).toEqual([]);
  });

  it('holds writes back in a dry run and logs what would be sent', async () => {
    const zoho = new ZohoFake();
    zoho.addBiginContact(janeDoe());
    const run = await (await service(zoho).start(workflow(), { record: janeDoe(), event: 'create', dryRun: true })).done;
    expect(run).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(zoho.books).toEqual([]);
    const wouldSend = (await logEntriesFor(run.id)).filter((e) => e.message.includes('would send'));
    expect(wouldSend).toHaveLength(1);
    expect(wouldSend[0]?.data).toMatchObject({ dryRun: true, request: { body: { contact_name: 'Jane Doe' } } });
    expect(run.nodeResults.sync?.output).toMatchObject({ action: 'would create', contactId: null });
  });

  it('refuses a workflow with problems before storing anything', async () => {
    const broken = workflow();
    const fn = broken.nodes.find((n) => n.type === 'function')!;
    if (fn.type === 'function') fn.config.connections = { bigin: '', books: 'books_conn' };
    const error = await service(new ZohoFake())
      .start(broken, { record: janeDoe(), event: 'create', dryRun: false })
      .catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('WORKFLOW_INVALID');
    expect(await listRuns()).toEqual([]);
  });

  it('fails with the engine error when a connection needs reconnecting, naming it', async () => {
    const zoho = new ZohoFake();
    zoho.http.connection({ linkName: 'books_conn', serviceLinkName: 'zoho_books', status: 'reauth_required' });
    zoho.addBiginContact(janeDoe());
    const run = await (await service(zoho).start(workflow(), { record: janeDoe(), event: 'create', dryRun: false })).done;
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('CONN_REAUTH_REQUIRED');
    expect(run.error?.message).toContain('Reconnect required');
    expect(run.error?.message).toContain('"books_conn"');
    expect(run.nodeResults.sync?.outcome).toBe('failed');
    const log = await logEntriesFor(run.id);
    expect(log.some((e) => e.kind === 'error' && e.level === 'error' && e.message.includes('books_conn'))).toBe(true);
  });

  it('cancels a run that waits on the network and stores it as cancelled', async () => {
    const zoho = { http: bareHttp() };
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    zoho.http.on('GET', /^\/bigin\/v2\/Contacts\/slow$/, (_req, _url, _call, { signal }) => {
      started();
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    });
    const runs = service(zoho);
    const handle = await runs.start(workflow(), { record: janeDoe({ id: 'slow' }), event: 'create', dryRun: false });
    await waiting;
    expect(runs.isActive(handle.runId)).toBe(true);
    expect(runs.cancel(handle.runId)).toBe(true);
    const run = await handle.done;
    expect(run.status).toBe('cancelled');
    expect(run.error?.code).toBe('RUN_CANCELLED');
    expect(runs.isActive(handle.runId)).toBe(false);
    expect(runs.cancel(handle.runId)).toBe(false);
  });

  it('publishes progress for the badges: running node, results, then the final status', async () => {
    const zoho = new ZohoFake();
    zoho.addBiginContact(janeDoe());
    const runs = service(zoho);
    const seen: RunProgress[] = [];
    const stop = runs.subscribe((p) => seen.push(p));
    const run = await (await runs.start(workflow(), { record: janeDoe(), event: 'create', dryRun: false })).done;
    stop();
    expect(seen[0]).toMatchObject({ runId: run.id, workflowId: 'wf_runs0001', status: 'running', stepsDone: 0, stepsTotal: 3 });
    expect(seen.some((p) => p.currentNodeId === 'sync')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ status: 'succeeded', stepsDone: 3, currentNodeId: null });
    expect(Object.keys(seen.at(-1)!.nodeResults).sort()).toEqual(['has_email', 'sync', 'trigger']);
  });

  it('holds the run lock for exactly the life of the run', async () => {
    const zoho = { http: bareHttp() };
    const held = new Set<string>();
    const seenInside: boolean[] = [];
    zoho.http.on('GET', /^\/bigin\/v2\/Contacts\/locked$/, () => {
      seenInside.push(held.size === 1);
      return json(200, { data: [janeDoe({ id: 'locked' })] });
    });
    zoho.http.on('GET', /^\/books\/v3\/contacts$/, () => json(200, { code: 0, contacts: [{ contact_id: '1', contact_name: 'Jane Doe' }] }));
    zoho.http.on('PUT', /^\/books\/v3\/contacts\/1$/, () => json(200, { code: 0, contact: { contact_id: '1', contact_name: 'Jane Doe' } }));
    const runs = service(zoho, {
      holdLock: async (name, task) => {
        held.add(name);
        try {
          return await task();
        } finally {
          held.delete(name);
        }
      },
    });
    const handle = await runs.start(workflow(), { record: janeDoe({ id: 'locked' }), event: 'create', dryRun: false });
    expect(held.has(lockName(handle.runId))).toBe(true);
    await handle.done;
    expect(seenInside).toEqual([true]);
    expect(held.size).toBe(0);
  });

  it('keeps only the newest runs allowed by the retention setting', async () => {
    const zoho = new ZohoFake();
    let now = 1_700_000_000_000;
    const runs = service(zoho, { clock: { ...systemClock, now: () => now } }, 2);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run: Run = await (await runs.start(workflow(), { record: janeDoe({ Email: '' }), event: 'create', dryRun: false })).done;
      ids.push(run.id);
      now += 1_000;
    }
    expect((await listRuns()).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(await logEntriesFor(ids[0]!)).toEqual([]);
  });

  it('writes the last log lines with the finished state, after every earlier line', async () => {
    const zoho = new ZohoFake();
    zoho.addBiginContact(janeDoe());
    const writes: string[] = [];
    const store = {
      saveRun: async (run: Run, entries: LogEntry[] = []) => {
        writes.push(`run ${run.status}${entries.length ? ` + ${entries.map((e) => e.seq).join(',')}` : ''}`);
        return saveRun(run, entries);
      },
      appendLogEntries: async (entries: LogEntry[]) => {
        writes.push(`log ${entries.map((e) => e.seq).join(',')}`);
        return appendLogEntries(entries);
      },
      pruneRuns,
      runRetention: async () => 1000,
    };
    const run = await (
      await service(zoho, { store, logIntervalMs: 60_000 }).start(workflow(), { record: janeDoe(), event: 'create', dryRun: false })
    ).done;
    const log = await logEntriesFor(run.id);
    expect(writes.at(-1)).toBe(`run succeeded + ${log.map((e) => e.seq).join(',')}`);
    expect(writes.filter((w) => w.startsWith('log'))).toEqual([]);
    expect(log.at(-1)?.seq).toBe(log.length - 1);
    expect(await getRun(run.id)).toEqual(run);
  });

  it('writes the state of a quick run twice, and the finished steps of a long one while it waits', async () => {
    const zoho = new ZohoFake();
    zoho.addBiginContact(janeDoe());
    const statuses: Run['status'][] = [];
    const counting = {
      saveRun: async (run: Run, entries?: LogEntry[]) => (statuses.push(run.status), saveRun(run, entries)),
      appendLogEntries,
      pruneRuns,
      runRetention: async () => 1000,
    };
    await (
      await service(zoho, { store: counting, logIntervalMs: 60_000 }).start(workflow(), { record: janeDoe(), event: 'create', dryRun: false })
    ).done;
    expect(statuses).toEqual(['running', 'succeeded']);

    const slow = { http: bareHttp() };
    slow.http.on(
      'GET',
      /^\/bigin\/v2\/Contacts\/slow$/,
      (_req, _url, _call, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    );
    const runs = service(slow);
    const handle = await runs.start(workflow(), { record: janeDoe({ id: 'slow' }), event: 'create', dryRun: false });
    await vi.waitFor(async () => expect(Object.keys((await getRun(handle.runId))?.nodeResults ?? {}).sort()).toEqual(['has_email', 'trigger']));
    expect((await getRun(handle.runId))?.status).toBe('running');
    runs.cancel(handle.runId);
    expect((await handle.done).status).toBe('cancelled');
  });

  it('skips a run state superseded while an earlier write was landing; the last state lands last', async () => {
    const zoho = new ZohoFake();
    zoho.addBiginContact(janeDoe());
    const written: Run['status'][] = [];
    const slowSave = async (run: Run) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      written.push(run.status);
      return saveRun(run);
    };
    const runs = service(zoho, { store: { saveRun: slowSave, appendLogEntries, pruneRuns, runRetention: async () => 1000 } });
    const run = await (await runs.start(workflow(), { record: janeDoe(), event: 'create', dryRun: false })).done;
    // The start, then fewer than one write per finished step (three) plus the end.
    expect(written.length).toBeLessThan(5);
    expect(written.at(-1)).toBe('succeeded');
    expect(await getRun(run.id)).toEqual(run);
  });

  it('stores the trigger record with secret-looking fields redacted', async () => {
    const zoho = new ZohoFake();
    const record = janeDoe({ Email: '', api_key: 'planted-key-123', Description: 'Bearer planted-token-456' });
    const run = await (await service(zoho).start(workflow(), { record, event: 'create', dryRun: false })).done;
    const stored = JSON.stringify([await getRun(run.id), await logEntriesFor(run.id)]);
    expect(stored).not.toContain('planted-key-123');
    expect(stored).not.toContain('planted-token-456');
    expect(stored).toContain('[REDACTED]');
  });
});
