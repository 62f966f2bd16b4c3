import { describe, expect, it } from 'vitest';
import { AppError, pendingEventKey, type PendingEvent, type TriggerState, type Workflow } from '../../../src/domain/index.ts';
import { compileWorkflow } from '../../../src/engine/compile.ts';
import { createRateLimiter } from '../../../src/engine/http/rateLimiter.ts';
import {
  EMPTY_CHECKPOINT,
  MemoryLiveStore,
  seenKey,
  WorkflowWatcher,
  advanceCheckpoint,
  detectEvents,
  queuedEvent,
  recordVersion,
  toChangedRecord,
  zohoInstant,
  type LiveTarget,
} from '../../../src/engine/index.ts';
import { QUEUED_RUN_LIMITS, runWorkflow } from '../../../src/engine/runner.ts';
import { CONNECTIONS, MemoryLog, VirtualClock, ZohoFake, json, syncWorkflow } from './fakes.ts';

/** Bigin writes second-precision times in the user's offset (here India, +05:30). */
function zohoTime(ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + 5.5 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+05:30`;
}

const START = Date.parse('2026-12-04T10:00:00Z');

/** The Bigin list as documented: newest change first, If-Modified-Since, pages of at most 200, a Date header. */
class BiginList {
  readonly zoho = new ZohoFake();
  readonly clock = new VirtualClock();
  private next = 1;
  listCalls = 0;
  down = false;
  rateLimitedFor = 0;

  constructor() {
    this.clock.t = START;
    this.zoho.http.on('GET', /^\/bigin\/v2\/Contacts$/, (req, url) => {
      this.listCalls += 1;
      if (this.down) throw new AppError('HTTP_NETWORK', 'localhost:4010 could not be reached');
      if (this.rateLimitedFor > 0)
        return json(429, { code: 'TOO_MANY_REQUESTS', message: 'too many requests' }, { 'retry-after': String(this.rateLimitedFor) });
      const sinceHeader = req.headers?.['If-Modified-Since'];
      const since = sinceHeader ? zohoInstant(sinceHeader) : Number.NEGATIVE_INFINITY;
      const rows = [...this.zoho.bigin.values()]
        .filter((r) => zohoInstant(r.Modified_Time) >= since)
        .sort((a, b) => zohoInstant(b.Modified_Time) - zohoInstant(a.Modified_Time) || String(a.id).localeCompare(String(b.id)));
      const perPage = Number(url.searchParams.get('per_page'));
      const page = Number(url.searchParams.get('page'));
      const slice = rows.slice((page - 1) * perPage, page * perPage);
      const date = { date: new Date(this.clock.now()).toUTCString() };
      if (slice.length === 0) return { status: sinceHeader ? 304 : 204, headers: date, bodyText: '', url: '' };
      return json(200, { data: slice, info: { page, per_page: perPage, count: slice.length, more_records: page * perPage < rows.length } }, date);
    });
  }

  create(fields: Record<string, unknown> = {}, at = this.clock.now()): string {
    const id = `41508680000${String(this.next++).padStart(8, '0')}`;
    const time = zohoTime(at);
    this.zoho.addBiginContact({
      id,
      Last_Name: `Doe ${id}`,
      First_Name: 'Jane',
      Email: `jane.${id}@example.com`,
      Phone: '+1-555-0100',
      Title: 'CEO',
      Created_Time: time,
      Modified_Time: time,
      ...fields,
    });
    return id;
  }

  edit(id: string, fields: Record<string, unknown>, at = this.clock.now()): void {
    const record = this.zoho.bigin.get(id);
    if (!record) throw new Error(`no record ${id}`);
    this.zoho.bigin.set(id, { ...record, ...fields, Modified_Time: zohoTime(at) });
  }
}

function activeState(workflowId: string, patch: Partial<TriggerState> = {}): TriggerState {
  return {
    workflowId,
    active: true,
    activatedAt: START,
    pollIntervalMs: null,
    checkpoint: null,
    lastPollAt: null,
    lastSuccessAt: null,
    nextPollAt: null,
    failures: 0,
    trouble: null,
    checkRequestedAt: null,
    updatedAt: START,
    ...patch,
  };
}

interface Harness {
  bigin: BiginList;
  store: MemoryLiveStore;
  watcher: WorkflowWatcher;
  runs: { runId: string; event: PendingEvent; status: string; notes: string[] }[];
  workflow: Workflow;
  trace: string[];
  maxConcurrent: number;
}

function harness(options: { changedFields?: string[]; events?: ('create' | 'edit')[]; concurrency?: number } = {}): Harness {
  const bigin = new BiginList();
  const store = new MemoryLiveStore();
  const base = syncWorkflow();
  const workflow: Workflow = {
    ...base,
    schemaVersion: 2,
    layout: { nodes: {} },
    createdAt: START,
    updatedAt: START,
    nodes: base.nodes.map((n) =>
      n.type === 'trigger'
        ? { ...n, config: { ...n.config, changedFields: options.changedFields ?? [], events: options.events ?? ['create', 'edit'] } }
        : n,
    ),
  };
  store.states.set(workflow.id, activeState(workflow.id));
  const runs: Harness['runs'] = [];
  const trace: string[] = [];
  let concurrent = 0;
  const limiter = createRateLimiter(bigin.clock);
  let seq = 0;
  const target: LiveTarget = { workflow, problems: [], pollLinkName: 'bigin_conn', linkNames: ['bigin_conn', 'books_conn'] };
  const watcher = new WorkflowWatcher(
    workflow.id,
    {
      store,
      http: bigin.zoho.http,
      clock: bigin.clock,
      limiter,
      target: async () => target,
      runAlive: async () => false,
      defaultIntervalMs: (isSandbox) => (isSandbox ? 2_000 : 60_000),
      async startRun(t, event, notes) {
        const runId = `run_test${String(++seq).padStart(6, '0')}`;
        trace.push(`start ${event.recordId}:${event.event}`);
        concurrent += 1;
        h.maxConcurrent = Math.max(h.maxConcurrent, concurrent);
        const plan = compileWorkflow(t.workflow, { connections: CONNECTIONS });
        const done = runWorkflow(
          plan,
          {
            record: event.record,
            event: event.event,
            dryRun: false,
            limits: QUEUED_RUN_LIMITS,
            ...(event.changedFields ? { changedFields: event.changedFields } : {}),
          },
          { http: bigin.zoho.http, clock: bigin.clock, log: new MemoryLog(), limiter },
          new AbortController().signal,
        ).then((outcome) => {
          concurrent -= 1;
          trace.push(`end ${event.recordId}:${event.event}`);
          runs.push({ runId, event, status: outcome.status, notes });
          return { status: outcome.status, error: outcome.error ?? null };
        });
        return { runId, done };
      },
    },
    options.concurrency === undefined ? {} : { concurrency: options.concurrency },
  );
  const h: Harness = { bigin, store, watcher, runs, workflow, trace, maxConcurrent: 0 };
  return h;
}

/** Lets the watcher poll until virtual time reaches `ms` later, then waits for its runs. */
async function runFor(h: Harness, ms: number): Promise<void> {
  const until = h.bigin.clock.now() + ms;
  await new Promise<void>((resolve) => {
    const tick = () => (h.bigin.clock.now() >= until ? resolve() : setImmediate(tick));
    tick();
  });
  await h.watcher.idle();
}

describe('live trigger: checkpoint', () => {
  it('compares instants, not strings: the same moment in two offsets is one time', () => {
    expect(zohoInstant('2026-12-04T15:30:00+05:30')).toBe(zohoInstant('2026-12-04T10:00:00+00:00'));
    expect(zohoInstant('2026-12-04T10:00:00Z')).toBe(zohoInstant('2026-12-04T12:00:00+0200'));
    expect(zohoInstant('yesterday')).toBeNaN();
  });

  it('Created_Time == Modified_Time is a create, anything later an edit', () => {
    expect(toChangedRecord({ id: '1', Created_Time: '2026-12-04T10:00:00+00:00', Modified_Time: '2026-12-04T15:30:00+05:30' })?.event).toBe('create');
    expect(toChangedRecord({ id: '1', Created_Time: '2026-12-04T10:00:00+00:00', Modified_Time: '2026-12-04T10:00:01+00:00' })?.event).toBe('edit');
    expect(toChangedRecord({ id: '1' })).toBeNull();
  });

  it('catches a second write within the same second as an edit, and never queues one version twice', () => {
    const t = (s: number) => zohoTime(START + s * 1000);
    const created = toChangedRecord({ id: 'a', Phone: '+1-555-0100', Created_Time: t(10), Modified_Time: t(10) })!;
    const first = advanceCheckpoint(EMPTY_CHECKPOINT, [created], null);
    expect(first.fresh.map((r) => `${r.id}:${r.event}`)).toEqual(['a:create']);
    // A workflow rule sets the phone in the same second: Modified_Time (second precision) does not move.
    const edited = toChangedRecord({ id: 'a', Phone: '+1-555-0199', Created_Time: t(10), Modified_Time: t(10) })!;
    expect(edited.event).toBe('create');
    const second = advanceCheckpoint(first.checkpoint, [edited], null);
    expect(second.fresh.map((r) => `${r.id}:${r.event}`)).toEqual(['a:edit']);
    expect(advanceCheckpoint(second.checkpoint, [edited], null).fresh).toEqual([]);
    const keys = [created, edited].map((r) => queuedEvent('wf_test0001', 'Contacts', r, r.event, 'live', START).key);
    expect(new Set(keys).size).toBe(2);
  });

  it('takes a key written before versions were kept as seen, whatever the content', () => {
    const t = (s: number) => zohoTime(START + s * 1000);
    const record = toChangedRecord({ id: 'a', Phone: '+1-555-0100', Created_Time: t(0), Modified_Time: t(10) })!;
    const old = { modifiedTime: t(10), seen: [`a@${START + 10_000}`], readUpTo: null };
    expect(advanceCheckpoint(old, [record], null).fresh).toEqual([]);
  });

  it('re-reads the overlap without queueing twice, and catches a record that appears late with an earlier time', () => {
    const t = (s: number) => zohoTime(START + s * 1000);
    const rec = (id: string, s: number) => toChangedRecord({ id, Created_Time: t(0), Modified_Time: t(s) })!;
    const first = advanceCheckpoint(EMPTY_CHECKPOINT, [rec('a', 10), rec('b', 10)], null);
    expect(first.fresh.map((r) => r.id)).toEqual(['a', 'b']);
    const second = advanceCheckpoint(first.checkpoint, [rec('a', 10), rec('b', 10), rec('c', 10), rec('late', 5)], null);
    expect(second.fresh.map((r) => r.id)).toEqual(['late', 'c']);
    expect(second.checkpoint.modifiedTime).toBe(t(10));
    const third = advanceCheckpoint(second.checkpoint, [rec('a', 80)], null);
    expect(third.fresh.map((r) => `${r.id}:${r.event}`)).toEqual(['a:edit']);
    // Keys older than the overlap below the newest time are forgotten; the read floor covers them.
    expect(third.checkpoint.seen.every((k) => !k.startsWith('b@'))).toBe(true);
  });
});

describe('live trigger: detection', () => {
  const trigger = { module: 'Contacts' as const, events: ['create' as const, 'edit' as const], changedFields: ['Phone'] };
  const t = (s: number) => zohoTime(START + s * 1000);

  it('runs an edit only when a watched field changed; a record never seen counts as changed', () => {
    const seen = new Map([['1', { Phone: '+1-555-0100' }]]);
    const records = [
      toChangedRecord({ id: '1', Phone: '+1-555-0100', Title: 'CTO', Created_Time: t(0), Modified_Time: t(5) })!,
      toChangedRecord({ id: '2', Phone: '+1-555-0199', Created_Time: t(0), Modified_Time: t(6) })!,
    ];
    const found = detectEvents({ workflowId: 'wf_test0001', trigger, records, snapshots: seen, source: 'live', now: START });
    expect(found.events.map((e) => [e.recordId, e.changedFields])).toEqual([['2', ['Phone']]]);
    expect(found.ignored).toEqual([{ recordId: '1', reason: 'none of the watched fields changed (Phone)' }]);
    expect(found.snapshots.map((s) => s.recordId)).toEqual(['1', '2']);
  });

  it('leaves out events the trigger does not listen to', () => {
    const records = [toChangedRecord({ id: '1', Created_Time: t(0), Modified_Time: t(5) })!];
    const found = detectEvents({
      workflowId: 'wf_test0001',
      trigger: { ...trigger, events: ['create'], changedFields: [] },
      records,
      snapshots: new Map(),
      source: 'live',
      now: START,
    });
    expect(found.events).toEqual([]);
    expect(found.ignored[0]?.reason).toBe('the trigger does not listen to Edit');
  });
});

describe('live trigger: watcher', () => {
  it('takes a baseline on activation, then runs each create and edit once, in Books one contact each', async () => {
    const h = harness();
    h.bigin.create({}, START - 86_400_000);
    h.watcher.start();
    await runFor(h, 3_000);
    expect(h.runs).toEqual([]);
    const id = h.bigin.create();
    await runFor(h, 3_000);
    h.bigin.edit(id, { Phone: '+1-555-0177' });
    await runFor(h, 3_000);
    await runFor(h, 10_000);
    await h.watcher.stop();
    expect(h.runs.map((r) => `${r.event.recordId}:${r.event.event}:${r.status}`)).toEqual([`${id}:create:succeeded`, `${id}:edit:succeeded`]);
    expect(h.bigin.zoho.books).toHaveLength(1);
    expect(h.bigin.zoho.books[0]?.contact_persons[0]?.phone).toBe('+1-555-0177');
    const state = h.store.states.get(h.workflow.id);
    expect(state?.trouble).toBeNull();
    expect(state?.lastSuccessAt).toBeGreaterThan(START);
  });

  it('pages through every change since the checkpoint, never only the first page', async () => {
    const h = harness({ concurrency: 8 });
    h.watcher.start();
    await runFor(h, 3_000);
    const ids = Array.from({ length: 450 }, () => h.bigin.create());
    await runFor(h, 3_000);
    await h.watcher.stop();
    expect(new Set(h.runs.map((r) => r.event.recordId))).toEqual(new Set(ids));
    expect(h.runs).toHaveLength(450);
    expect(h.bigin.zoho.books).toHaveLength(450);
  });

  it('with "only when Phone changes": a title edit runs nothing, a phone edit runs once', async () => {
    const h = harness({ changedFields: ['Phone'] });
    h.watcher.start();
    await runFor(h, 3_000);
    const id = h.bigin.create();
    await runFor(h, 3_000);
    h.bigin.edit(id, { Title: 'CTO' });
    await runFor(h, 3_000);
    h.bigin.edit(id, { Phone: '+1-555-0188' });
    await runFor(h, 3_000);
    await h.watcher.stop();
    expect(h.runs.map((r) => `${r.event.event}:${(r.event.changedFields ?? []).join(',')}`)).toEqual(['create:', 'edit:Phone']);
  });

  it('keeps changes of one record in order and runs other records side by side', async () => {
    const h = harness({ concurrency: 2 });
    const a = h.bigin.create();
    const b = h.bigin.create();
    const recordA = h.bigin.zoho.bigin.get(a)!;
    const at = (s: number) => zohoTime(START + s * 1000);
    // A checkpoint written before record versions were kept: `<id>@<instant>` still counts as seen.
    const seen = [`${a}@${START}`, `${b}@${START}`];
    h.store.states.set(h.workflow.id, activeState(h.workflow.id, { checkpoint: { modifiedTime: at(2), seen, readUpTo: START + 3_000 } }));
    // Two changes of A wait in the queue (its create and a later edit) next to B's create.
    const queued = (recordId: string, s: number, event: 'create' | 'edit'): PendingEvent => ({
      key: pendingEventKey(h.workflow.id, recordId, START + s * 1000),
      workflowId: h.workflow.id,
      module: 'Contacts',
      recordId,
      modifiedTime: at(s),
      modifiedAt: START + s * 1000,
      event,
      record: { ...recordA, id: recordId, Email: `${recordId}@example.com`, Last_Name: recordId, Modified_Time: at(s) },
      source: 'live',
      status: 'pending',
      runId: null,
      attempts: 0,
      detectedAt: START,
      doneAt: null,
      error: null,
    });
    for (const event of [queued(a, 1, 'create'), queued(b, 1, 'create'), queued(a, 2, 'edit')]) h.store.events.set(event.key, event);
    h.bigin.clock.t = START + 10_000;
    h.watcher.start();
    await runFor(h, 3_000);
    await h.watcher.stop();
    expect(h.trace.filter((line) => line.includes(a))).toEqual([`start ${a}:create`, `end ${a}:create`, `start ${a}:edit`, `end ${a}:edit`]);
    expect(h.trace.indexOf(`start ${b}:create`)).toBeLessThan(h.trace.indexOf(`end ${a}:create`));
    expect(h.maxConcurrent).toBe(2);
  });

  it('says Bigin cannot be reached, backs off, and loses nothing once it is back', async () => {
    const h = harness();
    h.watcher.start();
    await runFor(h, 3_000);
    h.bigin.down = true;
    const id = h.bigin.create();
    await runFor(h, 30_000);
    const state = h.store.states.get(h.workflow.id);
    expect(state?.trouble?.code).toBe('HTTP_NETWORK');
    expect(state?.failures).toBeGreaterThan(1);
    const callsWhileDown = h.bigin.listCalls;
    expect(callsWhileDown).toBeLessThan(12);
    h.bigin.down = false;
    await runFor(h, 20_000);
    await h.watcher.stop();
    expect(h.runs.map((r) => r.event.recordId)).toEqual([id]);
    expect(h.store.states.get(h.workflow.id)?.trouble).toBeNull();
  });

  it('waits out a 429 until Retry-After and says until when', async () => {
    const h = harness();
    h.watcher.start();
    await runFor(h, 3_000);
    h.bigin.rateLimitedFor = 60;
    await runFor(h, 3_000);
    const state = h.store.states.get(h.workflow.id);
    expect(state?.trouble?.code).toBe('HTTP_RATE_LIMITED');
    expect(state?.trouble?.until).toBe(state?.nextPollAt);
    expect((state?.nextPollAt ?? 0) - (state?.lastPollAt ?? 0)).toBeGreaterThanOrEqual(60_000);
    await h.watcher.stop();
  });

  it('holds queued changes while a connection needs reconnecting, and runs them after', async () => {
    const h = harness();
    h.watcher.start();
    await runFor(h, 3_000);
    h.bigin.zoho.http.connections.set('books_conn', { ...h.bigin.zoho.http.connections.get('books_conn')!, status: 'reauth_required' });
    const id = h.bigin.create();
    await runFor(h, 6_000);
    expect(h.runs).toEqual([]);
    expect(h.store.states.get(h.workflow.id)?.trouble).toMatchObject({ code: 'CONN_REAUTH_REQUIRED', linkName: 'books_conn' });
    expect([...h.store.events.values()].map((e) => e.status)).toEqual(['pending']);
    h.bigin.zoho.http.connections.set('books_conn', { ...h.bigin.zoho.http.connections.get('books_conn')!, status: 'connected' });
    await runFor(h, 6_000);
    await h.watcher.stop();
    expect(h.runs.map((r) => `${r.event.recordId}:${r.status}`)).toEqual([`${id}:succeeded`]);
  });

  it('puts a change whose run was cut off back in the queue and runs it again, saying so', async () => {
    const h = harness();
    const id = h.bigin.create();
    const record = h.bigin.zoho.bigin.get(id)!;
    const instant = zohoInstant(record.Modified_Time);
    h.store.states.set(
      h.workflow.id,
      activeState(h.workflow.id, {
        checkpoint: { modifiedTime: String(record.Modified_Time), seen: [seenKey(toChangedRecord(record)!)], readUpTo: null },
      }),
    );
    const key = pendingEventKey(h.workflow.id, id, instant);
    h.store.events.set(key, {
      key,
      workflowId: h.workflow.id,
      module: 'Contacts',
      recordId: id,
      modifiedTime: String(record.Modified_Time),
      modifiedAt: instant,
      event: 'create',
      record,
      source: 'live',
      status: 'running',
      runId: 'run_cutoff0001',
      attempts: 1,
      detectedAt: START,
      doneAt: null,
      error: null,
    });
    h.watcher.start();
    await runFor(h, 3_000);
    await h.watcher.stop();
    expect(h.runs.map((r) => [r.event.recordId, r.notes[0]])).toEqual([
      [id, 'Resumed: an earlier attempt at this change did not finish (attempt 2)'],
    ]);
    expect(h.store.events.get(key)?.status).toBe('done');
  });

  it('switched off: no new poll or run starts', async () => {
    const h = harness();
    h.watcher.start();
    await runFor(h, 3_000);
    await h.watcher.stop();
    const calls = h.bigin.listCalls;
    h.bigin.create();
    h.bigin.clock.t += 10_000;
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(h.bigin.listCalls).toBe(calls);
    expect(h.runs).toEqual([]);
  });
});

describe('live trigger: record versions', () => {
  const base = { id: '1', Email: 'ada@example.com', Account_Name: { id: '9', name: 'Analytical' }, Modified_Time: '2026-12-04T10:00:00+00:00' };

  it('does not depend on the order of fields', () => {
    const reversed = Object.fromEntries(Object.entries(base).reverse());
    expect(recordVersion(reversed)).toBe(recordVersion(base));
  });

  it('changes with the record’s own data', () => {
    expect(recordVersion({ ...base, Email: 'ada@example.org' })).not.toBe(recordVersion(base));
    expect(recordVersion({ ...base, Account_Name: { id: '10', name: 'Analytical' } })).not.toBe(recordVersion(base));
  });

  it('ignores what moves without an edit: the last activity and a lookup’s display name', () => {
    expect(recordVersion({ ...base, Last_Activity_Time: '2026-12-04T11:00:00+00:00' })).toBe(recordVersion(base));
    expect(recordVersion({ ...base, Account_Name: { id: '9', name: 'Renamed Ltd' } })).toBe(recordVersion(base));
  });
});
