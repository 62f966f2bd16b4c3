import { afterEach, describe, expect, it, vi } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE, isAppError, type LogEntry, type Run } from '../../../src/domain/index.ts';
import { connectionForRole, connectionsUsed } from '../../../src/app/runs/connectionsUsed.ts';
import { dryRunByDefault } from '../../../src/app/runs/dryRunDefault.ts';
import { runExportFileName, serializeRunExport } from '../../../src/app/runs/exportRun.ts';
import { formatDuration, toLogEntry } from '../../../src/app/runs/logEntries.ts';
import { createLogWriter } from '../../../src/app/runs/logWriter.ts';
import { listSampleContacts } from '../../../src/app/runs/samples.ts';
import { FakeHttp, json, syncWorkflow } from '../engine/fakes.ts';

const draft = (message: string) => ({ time: 1, level: 'info' as const, kind: 'info' as const, message });

describe('log writer', () => {
  afterEach(() => vi.useRealTimers());

  it('writes events in one batch per interval, numbered in order, and flushes the rest on demand', async () => {
    vi.useFakeTimers();
    const batches: LogEntry[][] = [];
    const writer = createLogWriter({ runId: 'run_abcd1234', append: async (b) => void batches.push(b), intervalMs: 20 });
    writer.add(draft('a'));
    writer.add(draft('b'));
    await vi.advanceTimersByTimeAsync(19);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches.map((b) => b.map((e) => [e.seq, e.message]))).toEqual([
      [
        [0, 'a'],
        [1, 'b'],
      ],
    ]);
    writer.add(draft('c'));
    await writer.flush();
    expect(batches[1]).toEqual([{ ...draft('c'), runId: 'run_abcd1234', seq: 2 }]);
  });

  it('drains: waits for the writes under way and hands back the rest unwritten, numbered on', async () => {
    vi.useFakeTimers();
    const batches: LogEntry[][] = [];
    let landed = 0;
    const writer = createLogWriter({
      runId: 'run_abcd1234',
      append: async (b) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        batches.push(b);
        landed += 1;
      },
      intervalMs: 20,
    });
    writer.add(draft('a'));
    await vi.advanceTimersByTimeAsync(20);
    writer.add(draft('b'));
    const draining = writer.drain();
    await vi.advanceTimersByTimeAsync(10);
    const rest = await draining;
    expect(landed).toBe(1);
    expect(rest.map((e) => [e.seq, e.message])).toEqual([[1, 'b']]);
    await vi.advanceTimersByTimeAsync(100);
    expect(batches.flat().map((e) => e.message)).toEqual(['a']);
  });

  it('reports a failed write and keeps writing later batches', async () => {
    const errors: unknown[] = [];
    const written: string[] = [];
    let calls = 0;
    const writer = createLogWriter({
      runId: 'run_abcd1234',
      append: async (b) => {
        if (calls++ === 0) throw new Error('disk full');
        written.push(...b.map((e) => e.message));
      },
      onError: (e) => errors.push(e),
    });
    writer.add(draft('lost'));
    await writer.flush();
    writer.add(draft('kept'));
    await writer.flush();
    expect(written).toEqual(['kept']);
    expect(errors).toHaveLength(1);
  });
});

describe('log entries', () => {
  const labels = new Map([['sync', 'Sync contact to Zoho Books']]);

  it('describes an HTTP exchange with method, URL, status, count and duration', () => {
    const entry = toLogEntry(
      {
        type: 'http',
        time: 5,
        nodeId: 'sync',
        linkName: 'books',
        attempt: 2,
        method: 'GET',
        url: 'https://books.example/contacts',
        status: 200,
        durationMs: 12,
        request: { headers: {} },
        response: { headers: {}, body: { code: 0, contacts: [] } },
      },
      labels,
    );
    expect(entry).toMatchObject({
      kind: 'http',
      level: 'info',
      nodeId: 'sync',
      message: 'GET https://books.example/contacts (attempt 2) → 200 · 0 results in 12 ms',
    });
  });

  it('marks 4xx as warnings, 5xx and network errors as errors, and dry-run writes as "would send"', () => {
    const base = {
      type: 'http' as const,
      time: 1,
      linkName: 'x',
      attempt: 1,
      method: 'POST' as const,
      url: 'https://a.example/',
      durationMs: 3,
      request: { headers: {} },
    };
    expect(toLogEntry({ ...base, status: 429 }, labels).level).toBe('warn');
    expect(toLogEntry({ ...base, status: 500 }, labels).level).toBe('error');
    expect(toLogEntry({ ...base, error: { code: 'HTTP_NETWORK', message: 'connection lost' } }, labels)).toMatchObject({
      level: 'error',
      message: 'POST https://a.example/ → connection lost after 3 ms',
    });
    expect(toLogEntry({ ...base, dryRun: true }, labels).message).toBe('Dry run: would send POST https://a.example/');
  });

  it('names the node and the reason of a skip and a failure', () => {
    expect(
      toLogEntry(
        { type: 'node_finished', time: 1, nodeId: 'sync', outcome: 'skipped', reason: 'condition "Email is not empty" was false', durationMs: 0 },
        labels,
      ).message,
    ).toBe('"Sync contact to Zoho Books" skipped: condition "Email is not empty" was false');
    const failed = toLogEntry(
      {
        type: 'node_finished',
        time: 1,
        nodeId: 'sync',
        outcome: 'failed',
        reason: 'boom',
        durationMs: 1500,
        error: { code: 'FUNCTION_FAILED', message: 'boom' },
      },
      labels,
    );
    expect(failed).toMatchObject({ level: 'error', message: '"Sync contact to Zoho Books" failed after 1.50 s: boom' });
  });

  it('formats durations for people', () => {
    expect([formatDuration(12.4), formatDuration(1234), formatDuration(65_000)]).toEqual(['12 ms', '1.23 s', '1 min 5 s']);
  });
});

describe('connections a workflow uses', () => {
  it('lists the picked roles and the connections a Deluge script names', () => {
    const wf = syncWorkflow();
    wf.nodes.push({
      id: 'script',
      type: 'function',
      config: {
        name: 'Notify',
        kind: 'deluge',
        script: 'r = invokeurl [ url: "https://x" type: GET connection: "slack_conn" ];',
        connections: {},
        arguments: [],
      },
    });
    expect(connectionsUsed(wf)).toEqual(['bigin_conn', 'books_conn', 'slack_conn']);
    expect(connectionForRole(wf, 'bigin')).toBe('bigin_conn');
    expect(connectionForRole(BIGIN_BOOKS_SYNC_TEMPLATE.build(), 'bigin')).toBeNull();
  });

  it('turns dry run off only when every connection is on the sandbox', async () => {
    const sandboxOnly = new FakeHttp()
      .connection({ linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin' })
      .connection({ linkName: 'books_conn', serviceLinkName: 'zoho_books' });
    expect(await dryRunByDefault(sandboxOnly, syncWorkflow())).toBe(false);
    const oneReal = new FakeHttp()
      .connection({ linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin' })
      .connection({ linkName: 'books_conn', serviceLinkName: 'zoho_books', dataCenterId: 'eu', isSandbox: false });
    expect(await dryRunByDefault(oneReal, syncWorkflow())).toBe(true);
    const missing = new FakeHttp().connection({ linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin' });
    expect(await dryRunByDefault(missing, syncWorkflow())).toBe(true);
  });
});

describe('run export', () => {
  it('carries the run and its log, with any secret-looking value redacted', () => {
    const run: Run = {
      id: 'run_abcd1234',
      workflowId: 'wf_abcd1234',
      workflowName: 'Bigin → Books contact sync',
      workflowRevision: 3,
      module: 'Contacts',
      event: 'create',
      record: { id: '1', refresh_token: '1000.planted' },
      mode: 'test',
      dryRun: false,
      status: 'succeeded',
      startedAt: 0,
      finishedAt: 10,
      durationMs: 10,
      nodeResults: {},
      error: null,
    };
    const log: LogEntry[] = [
      {
        runId: run.id,
        seq: 0,
        time: 0,
        level: 'info',
        kind: 'http',
        message: 'GET with Zoho-oauthtoken 1000.abc',
        data: { headers: { Authorization: 'x' } },
      },
    ];
    const text = serializeRunExport(run, log, 0);
    const parsed = JSON.parse(text) as { format: string; run: Run; log: LogEntry[] };
    expect(parsed.format).toBe('run/1');
    expect(parsed.run.id).toBe(run.id);
    expect(text).not.toContain('1000.planted');
    expect(text).not.toContain('1000.abc');
    expect(parsed.log[0]?.data).toEqual({ headers: { Authorization: '[REDACTED]' } });
    expect(runExportFileName(run)).toBe('bigin-books-contact-sync-run_abcd1234.json');
  });
});

describe('sample records', () => {
  const http = () => new FakeHttp().connection({ linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin' });
  const signal = new AbortController().signal;

  it('lists contacts newest first through the Bigin connection, refreshing once on 401', async () => {
    const port = http().on('GET', /^\/bigin\/v2\/Contacts$/, (_req, _url, call) =>
      call === 1 ? json(401, { code: 'INVALID_TOKEN', message: 'invalid oauth token' }) : json(200, { data: [{ id: 7, Email: 'a@b.c' }] }),
    );
    expect(await listSampleContacts(port, 'bigin_conn', signal)).toEqual([{ id: '7', Email: 'a@b.c' }]);
    expect(port.sent.map((s) => s.forceRefresh)).toEqual([false, true]);
    const url = new URL(port.sent[0]!.url);
    expect(url.searchParams.get('sort_order')).toBe('desc');
    expect(url.searchParams.get('fields')).toContain('Email');
  });

  it('reads 204 as no contacts and explains a refusal', async () => {
    expect(
      await listSampleContacts(
        http().on('GET', /Contacts$/, () => json(204, undefined)),
        'bigin_conn',
        signal,
      ),
    ).toEqual([]);
    const error = await listSampleContacts(
      http().on('GET', /Contacts$/, () => json(401, { code: 'OAUTH_SCOPE_MISMATCH', message: 'invalid oauth scope to access this URL' })),
      'bigin_conn',
      signal,
    ).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('HTTP_STATUS');
    expect((error as Error).message).toBe(
      'Bigin could not list contacts through "bigin_conn": invalid oauth scope to access this URL (OAUTH_SCOPE_MISMATCH, HTTP 401)',
    );
  });
});
