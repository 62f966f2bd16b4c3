import { describe, expect, it } from 'vitest';
import { RUN_LOG_WORDS } from '../../../src/app/runs/service.ts';
import { AppError, type WorkflowNode } from '../../../src/domain/index.ts';
import { compileWorkflow, WorkflowInvalidError, type CompilableWorkflow } from '../../../src/engine/compile.ts';
import { createFunctionRegistry, type DelugeRunner } from '../../../src/engine/functions/registry.ts';
import { createRateLimiter } from '../../../src/engine/http/rateLimiter.ts';
import { runWorkflow, type RunInput } from '../../../src/engine/runner.ts';
import { CONNECTIONS, janeDoe, json, MemoryLog, ORG, syncWorkflow, VirtualClock, ZohoFake } from './fakes.ts';

const signal = new AbortController().signal;

function harness(workflow: CompilableWorkflow = syncWorkflow()) {
  const zoho = new ZohoFake();
  const clock = new VirtualClock();
  const log = new MemoryLog();
  const plan = compileWorkflow(workflow, { connections: CONNECTIONS }, RUN_LOG_WORDS);
  const run = (input: Partial<RunInput> = {}, abort = signal) =>
    runWorkflow(
      plan,
      { record: janeDoe(), event: 'create', dryRun: false, ...input },
      { http: zoho.http, clock, log, limiter: createRateLimiter(clock) },
      abort,
    );
  return { zoho, clock, log, plan, run };
}

describe('runWorkflow: the Bigin → Books sync', () => {
  it('creates the Books contact when the search finds none, logging search (0 results) and create (201)', async () => {
    const { zoho, log, run } = harness();
    zoho.addBiginContact(janeDoe());
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(outcome.nodeResults.sync).toMatchObject({ outcome: 'ran', output: { action: 'created', contactId: '460000000026049' } });
    expect(outcome.nodeResults.has_email).toMatchObject({ outcome: 'ran', conditionResult: true });
    expect(zoho.books).toHaveLength(1);
    expect(zoho.books[0]).toMatchObject({
      contact_name: 'Jane Doe',
      phone: '+1-555-0100',
      mobile: '+1-555-0101',
      contact_persons: [
        { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com', phone: '+1-555-0100', mobile: '+1-555-0101', is_primary_contact: true },
      ],
    });
    expect(log.of('http').map((e) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      'GET https://www.zohoapis.com/bigin/v2/Contacts/4150868000000225013 200',
      `GET https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG}&email=jane%40example.com 200`,
      `POST https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG} 201`,
    ]);
    expect(log.of('http')[1]!.response!.body).toMatchObject({ contacts: [] });
    expect(log.events.map((e) => e.type)).toEqual([
      'run_started',
      'node_started',
      'node_finished',
      'node_started',
      'node_finished',
      'node_started',
      'http',
      'http',
      'info',
      'http',
      'node_finished',
      'run_finished',
    ]);
    expect(zoho.http.unexpected).toEqual([]);
  });

  it('updates the existing contact on the next run: still one contact, with the new phone', async () => {
    const { zoho, log, run } = harness();
    zoho.addBiginContact(janeDoe());
    await run();
    zoho.addBiginContact(janeDoe({ Phone: '+1-555-0199' }));
    const outcome = await run({ event: 'edit' });
    expect(outcome.nodeResults.sync?.output).toMatchObject({ action: 'updated', contactId: '460000000026049' });
    expect(zoho.books).toHaveLength(1);
    expect(zoho.books[0]).toMatchObject({ phone: '+1-555-0199', contact_persons: [{ phone: '+1-555-0199' }] });
    expect(log.of('http').at(-1)).toMatchObject({
      method: 'PUT',
      status: 200,
      url: `https://www.zohoapis.com/books/v3/contacts/460000000026049?organization_id=${ORG}`,
    });
  });

  it('skips the function when the email is empty, saying the condition was false', async () => {
    const { zoho, run } = harness();
    const outcome = await run({ record: janeDoe({ Email: '' }) });
    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toBe('condition "Email is not empty" was false');
    expect(outcome.nodeResults.has_email).toMatchObject({ outcome: 'ran', conditionResult: false });
    expect(outcome.nodeResults.sync).toEqual({ outcome: 'skipped', reason: 'condition "Email is not empty" was false', durationMs: 0 });
    expect(zoho.http.sent).toHaveLength(0);
  });

  it('skips the whole run when the trigger does not match the event or module', async () => {
    const wf = syncWorkflow();
    const trigger = wf.nodes.find((n) => n.type === 'trigger')!;
    if (trigger.type === 'trigger') trigger.config.events = ['create'];
    const { zoho, log, run } = harness(wf);
    const outcome = await run({ event: 'edit' });
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'the trigger listens to Create, not Edit' });
    expect(outcome.nodeResults.sync).toMatchObject({ outcome: 'skipped', reason: 'the trigger did not fire' });
    expect(log.of('run_finished')[0]).toMatchObject({ status: 'skipped' });
    expect((await run({ module: 'Accounts' })).reason).toBe('the trigger listens to Contacts, not Accounts');
    expect(zoho.http.sent).toHaveLength(0);
  });

  it('refuses to compile a workflow with problems, listing them', () => {
    const wf = syncWorkflow();
    wf.edges = [];
    let error: unknown;
    try {
      compileWorkflow(wf, { connections: CONNECTIONS });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowInvalidError);
    expect((error as WorkflowInvalidError).code).toBe('WORKFLOW_INVALID');
    expect((error as WorkflowInvalidError).problems.map((p) => p.code)).toEqual(['UNREACHABLE', 'UNREACHABLE']);
  });

  it('Books answers 500 twice then succeeds: exactly one contact', async () => {
    const { zoho, run } = harness();
    zoho.addBiginContact(janeDoe());
    zoho.writeFaults.push(
      { status: 500, body: { code: 1000, message: 'Internal error' } },
      { status: 500, body: { code: 1000, message: 'Internal error' } },
    );
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(zoho.books).toHaveLength(1);
    expect(zoho.http.count('POST', /contacts$/)).toBe(3);
  });

  it('a 500 on a create that was applied is not repeated: the re-search finds it', async () => {
    const { zoho, run } = harness();
    zoho.addBiginContact(janeDoe());
    zoho.writeFaults.push({ status: 500, body: { code: 1000, message: 'Internal error' }, apply: true });
    const outcome = await run();
    expect(outcome.nodeResults.sync?.output).toMatchObject({ action: 'created', recovered: true, contactId: '460000000026049' });
    expect(zoho.books).toHaveLength(1);
    expect(zoho.http.count('POST', /contacts$/)).toBe(1);
  });

  it('a dropped connection during the create leaves no duplicate', async () => {
    const applied = harness();
    applied.zoho.addBiginContact(janeDoe());
    applied.zoho.writeFaults.push('drop-after');
    expect((await applied.run()).nodeResults.sync?.output).toMatchObject({ action: 'created', recovered: true });
    expect(applied.zoho.books).toHaveLength(1);
    expect(applied.zoho.http.count('POST', /contacts$/)).toBe(1);

    const lost = harness();
    lost.zoho.addBiginContact(janeDoe());
    lost.zoho.writeFaults.push('drop-before');
    expect((await lost.run()).nodeResults.sync?.output).toMatchObject({ action: 'created', contactId: '460000000026049' });
    expect(lost.zoho.books).toHaveLength(1);
    expect(lost.zoho.http.count('POST', /contacts$/)).toBe(2);
  });

  it('a create the browser resent after a dropped answer (Books 3062) updates the contact it made: succeeded, no duplicate', async () => {
    const { zoho, log, run } = harness();
    zoho.addBiginContact(janeDoe());
    zoho.writeFaults.push('resent-after-drop');
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(zoho.books).toHaveLength(1);
    const made = zoho.books[0]!;
    expect(outcome.nodeResults.sync?.output).toEqual({
      action: 'updated',
      recovered: true,
      contactId: made.contact_id,
      contactName: 'Jane Doe',
      email: 'jane@example.com',
    });
    expect(log.of('http').map((e) => `${e.method} ${e.url.replace(/\?.*/, '')} ${e.status}`)).toEqual([
      'GET https://www.zohoapis.com/bigin/v2/Contacts/4150868000000225013 200',
      'GET https://www.zohoapis.com/books/v3/contacts 200',
      'POST https://www.zohoapis.com/books/v3/contacts 400',
      'GET https://www.zohoapis.com/books/v3/contacts 200',
      `GET https://www.zohoapis.com/books/v3/contacts/${made.contact_id} 200`,
      `PUT https://www.zohoapis.com/books/v3/contacts/${made.contact_id} 200`,
    ]);
    expect(log.of('info').map((e) => e.message)).toContain(
      `Books already had contact ${made.contact_id} with the email jane@example.com, probably from an attempt whose answer was lost; updating it instead of creating another`,
    );
  });

  it('an update edits the primary contact person by its id instead of recreating it', async () => {
    const { zoho, log, run } = harness();
    zoho.addBiginContact(janeDoe());
    await run();
    const personId = zoho.books[0]!.contact_persons[0]!.contact_person_id;
    zoho.addBiginContact(janeDoe({ Phone: '+1-555-0199' }));
    const outcome = await run({ event: 'edit' });
    expect(outcome.status).toBe('succeeded');
    expect(log.of('http').at(-2)).toMatchObject({
      method: 'GET',
      status: 200,
      url: `https://www.zohoapis.com/books/v3/contacts/460000000026049?organization_id=${ORG}`,
    });
    expect(log.of('http').at(-1)!.request.body).toMatchObject({ contact_persons: [{ contact_person_id: personId, is_primary_contact: true }] });
    expect(zoho.books[0]!.contact_persons).toEqual([
      {
        contact_person_id: personId,
        email: 'jane@example.com',
        is_primary_contact: true,
        first_name: 'Jane',
        last_name: 'Doe',
        phone: '+1-555-0199',
        mobile: '+1-555-0101',
      },
    ]);
  });

  it("an update keeps the contact's other persons and edits the one with the email, making it primary", async () => {
    const { zoho, run } = harness();
    zoho.addBiginContact(janeDoe({ Phone: '+1-555-0199' }));
    zoho.books.push({
      contact_id: '77',
      contact_name: 'Doe Household',
      contact_persons: [
        { contact_person_id: '771', email: 'john@example.com', first_name: 'John', last_name: 'Doe', designation: 'Owner', is_primary_contact: true },
        { contact_person_id: '772', email: 'JANE@example.com', first_name: 'J.', last_name: 'Doe', phone: '+1-555-0100' },
      ],
    });
    const outcome = await run({ event: 'edit' });
    expect(outcome.nodeResults.sync?.output).toMatchObject({ action: 'updated', contactId: '77' });
    expect(zoho.books[0]!.contact_persons).toEqual([
      {
        contact_person_id: '772',
        email: 'jane@example.com',
        first_name: 'Jane',
        last_name: 'Doe',
        phone: '+1-555-0199',
        mobile: '+1-555-0101',
        is_primary_contact: true,
      },
      { contact_person_id: '771', email: 'john@example.com', first_name: 'John', last_name: 'Doe', designation: 'Owner', is_primary_contact: false },
    ]);
  });

  it('an update uses the persons of the search rows when Books lists them, without reading the contact again', async () => {
    const zoho = new ZohoFake();
    const clock = new VirtualClock();
    zoho.addBiginContact(janeDoe());
    zoho.books.push({
      contact_id: '5',
      contact_name: 'Jane Doe',
      contact_persons: [{ contact_person_id: '51', email: 'jane@example.com', is_primary_contact: true }],
    });
    const inner = zoho.http.send.bind(zoho.http);
    zoho.http.send = async (req, opts) => {
      const res = await inner(req, opts);
      if (req.method !== 'GET' || !req.url.endsWith('/books/v3/contacts')) return res;
      return { ...res, bodyText: JSON.stringify({ code: 0, contacts: [{ contact_id: '5', contact_persons: zoho.books[0]!.contact_persons }] }) };
    };
    const plan = compileWorkflow(syncWorkflow(), { connections: CONNECTIONS });
    const outcome = await runWorkflow(
      plan,
      { record: janeDoe(), event: 'edit', dryRun: false },
      { http: zoho.http, clock, log: new MemoryLog() },
      signal,
    );
    expect(outcome.status).toBe('succeeded');
    expect(zoho.http.count('GET', /contacts\/\d+$/)).toBe(0);
    expect(zoho.books[0]!.contact_persons).toMatchObject([{ contact_person_id: '51', phone: '+1-555-0100' }]);
  });

  it('an expired token: one refresh, then the run succeeds', async () => {
    const { zoho, run } = harness();
    zoho.addBiginContact(janeDoe());
    let refreshed = false;
    const inner = zoho.http.send.bind(zoho.http);
    zoho.http.send = (req, opts) => {
      if (opts.forceRefresh) refreshed = true;
      if (!refreshed && req.linkName === 'bigin_conn')
        return Promise.resolve({ ...json(401, { code: 'INVALID_TOKEN', message: 'invalid oauth token', status: 'error' }), url: req.url });
      return inner(req, opts);
    };
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(zoho.http.sent.filter((s) => s.forceRefresh)).toHaveLength(1);
  });

  it('a revoked grant fails the run with CONN_REAUTH_REQUIRED naming the connection', async () => {
    const { zoho, run } = harness();
    zoho.http.send = () => Promise.reject(new AppError('CONN_REAUTH_REQUIRED', 'Reconnect required: connection "bigin_conn" was revoked'));
    const outcome = await run();
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'CONN_REAUTH_REQUIRED' } });
    expect(outcome.error!.message).toContain('"bigin_conn"');
  });

  it('429 with Retry-After: waits, then succeeds', async () => {
    const { zoho, clock, run } = harness();
    zoho.addBiginContact(janeDoe());
    zoho.writeFaults.push({ status: 429, body: { code: 45, message: 'Request limit exceeded' }, headers: { 'retry-after': '2' } });
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(clock.sleeps).toContain(2000);
    expect(zoho.books).toHaveLength(1);
  });

  it('surfaces Books errors with their code and message', async () => {
    const { zoho, run } = harness();
    zoho.addBiginContact(janeDoe());
    zoho.books.push({ contact_id: '9', contact_name: 'Jane Doe', contact_persons: [{ contact_person_id: '91', email: 'other@example.com' }] });
    const outcome = await run();
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({
      code: 'FUNCTION_FAILED',
      message:
        'Zoho Books could not create the contact: The customer "Jane Doe" already exists. Please specify a different name. (Books code 3062, HTTP 400).',
    });
    expect(outcome.nodeResults.sync?.outcome).toBe('failed');
    // A genuine name clash: the re-search by email finds nobody, and the other contact is left alone.
    expect(zoho.http.count('GET', /contacts$/)).toBe(2);
    expect(zoho.http.count('PUT', /contacts\/\d+$/)).toBe(0);
    expect(zoho.books).toEqual([
      { contact_id: '9', contact_name: 'Jane Doe', contact_persons: [{ contact_person_id: '91', email: 'other@example.com' }] },
    ]);
  });

  it('surfaces an invalid organization id', async () => {
    const wf = syncWorkflow();
    const fn = wf.nodes.find((n) => n.type === 'function')!;
    if (fn.type === 'function') fn.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: '999' } };
    const { zoho, run } = harness(wf);
    zoho.addBiginContact(janeDoe());
    const outcome = await run();
    expect(outcome.error?.message).toBe(
      'Zoho Books could not search contacts: This user is not associated with the organization id passed. (Books code 6041, HTTP 400).',
    );
  });

  it('fails clearly when Bigin has no such contact (204)', async () => {
    const { run } = harness();
    const outcome = await run();
    expect(outcome.error).toEqual({
      code: 'FUNCTION_FAILED',
      message: 'Bigin contact 4150868000000225013 was not found (HTTP 204): it may have been deleted',
    });
  });

  it('dry run: reads happen, the create is held back and logged with its body', async () => {
    const { zoho, log, run } = harness();
    zoho.addBiginContact(janeDoe());
    const outcome = await run({ dryRun: true });
    expect(outcome.nodeResults.sync?.output).toMatchObject({ action: 'would create', contactId: null, dryRun: true });
    expect(zoho.books).toHaveLength(0);
    expect(zoho.http.count('POST', /contacts$/)).toBe(0);
    expect(log.of('http').at(-1)).toMatchObject({ dryRun: true, method: 'POST', request: { body: { contact_name: 'Jane Doe' } } });
  });

  it('never lets planted secrets into events', async () => {
    const { zoho, log, run } = harness();
    zoho.addBiginContact(janeDoe());
    const inner = zoho.http.send.bind(zoho.http);
    zoho.http.send = async (req, opts) => {
      const res = await inner({ ...req, headers: { ...req.headers, Authorization: 'Zoho-oauthtoken PLANTED-ACCESS' } }, opts);
      if (req.method === 'GET' && req.url.includes('bigin'))
        return {
          ...res,
          headers: { ...res.headers, 'set-cookie': 'sid=PLANTED-COOKIE' },
          bodyText: res.bodyText.replace('"data"', '"refresh_token":"PLANTED-REFRESH","data"'),
        };
      return res;
    };
    const outcome = await run({
      record: janeDoe({ api_key: 'PLANTED-KEY', Description: 'call me: access_token=PLANTED-INLINE' }),
    });
    expect(outcome.status).toBe('succeeded');
    const everything = JSON.stringify(log.events) + JSON.stringify(outcome);
    for (const secret of ['PLANTED-ACCESS', 'PLANTED-COOKIE', 'PLANTED-REFRESH', 'PLANTED-KEY', 'PLANTED-INLINE'])
      expect(everything).not.toContain(secret);
    expect(everything).toContain('[REDACTED]');
  });
});

describe('runWorkflow: branching, limits and cancellation', () => {
  const fn = (id: string, script = ''): WorkflowNode => ({
    id,
    type: 'function',
    config: {
      name: id,
      kind: 'deluge',
      script: script || `// ${id}`,
      connections: { books: 'books_conn' },
      arguments: [{ name: 'email', type: 'text', from: 'Email' }],
    },
  });
  function branching(): CompilableWorkflow {
    return {
      id: 'wf_branch01',
      name: 'Branches',
      revision: 1,
      nodes: [
        { id: 't', type: 'trigger', config: { module: 'Contacts', events: ['create', 'edit'], changedFields: ['Email'] } },
        { id: 'c', type: 'condition', config: { match: 'all', rules: [{ field: 'Account_Name', op: 'is', value: 'Acme', value2: '', values: [] }] } },
        fn('yes'),
        fn('no'),
        fn('after_yes'),
        fn('merge'),
      ],
      edges: [
        { id: 'e1', source: 't', target: 'c' },
        { id: 'e2', source: 'c', target: 'yes', branch: 'true' },
        { id: 'e3', source: 'c', target: 'no', branch: 'false' },
        { id: 'e4', source: 'yes', target: 'after_yes' },
        { id: 'e5', source: 'yes', target: 'merge' },
        { id: 'e6', source: 'no', target: 'merge' },
      ],
    };
  }
  function setup(runner: DelugeRunner, limits?: RunInput['limits']) {
    const zoho = new ZohoFake();
    const clock = new VirtualClock();
    const log = new MemoryLog();
    const plan = compileWorkflow(branching(), { connections: CONNECTIONS }, RUN_LOG_WORDS);
    const functions = createFunctionRegistry({ deluge: runner });
    const run = (record = janeDoe(), abort = signal, extra: Partial<RunInput> = {}) =>
      runWorkflow(
        plan,
        { record, event: 'edit', dryRun: false, functions, ...(limits ? { limits } : {}), ...extra },
        { http: zoho.http, clock, log },
        abort,
      );
    return { zoho, clock, log, run };
  }

  it('follows the taken branch, skips the other with the reason, and runs a merge node once', async () => {
    const ran: string[] = [];
    const { run } = setup((script, args) => {
      ran.push(`${script.slice(3)}:${String(args.email)}`);
      return Promise.resolve({ ok: true });
    });
    const outcome = await run();
    expect(ran).toEqual(['yes:jane@example.com', 'after_yes:jane@example.com', 'merge:jane@example.com']);
    expect(outcome.nodeResults.no).toMatchObject({ outcome: 'skipped', reason: 'condition "Company Name is "Acme"" was true' });
    ran.length = 0;
    const other = await run(janeDoe({ Account_Name: { name: 'Globex', id: '2' } }));
    expect(ran).toEqual(['no:jane@example.com', 'merge:jane@example.com']);
    expect(other.nodeResults.yes).toMatchObject({ outcome: 'skipped', reason: 'condition "Company Name is "Acme"" was false' });
    expect(other.nodeResults.after_yes).toMatchObject({ outcome: 'skipped', reason: '"yes" was skipped' });
  });

  it('skips the run when none of the watched fields changed', async () => {
    const { run } = setup(() => Promise.resolve(null));
    const outcome = await run(janeDoe(), signal, { changedFields: ['Phone'] });
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'none of the watched fields changed (Email)' });
  });

  it('stops a function at its node time limit with NODE_TIMEOUT; later steps are skipped', async () => {
    const { clock, run } = setup(
      async (script, _args, _host, s) => {
        if (script.includes('yes')) await clock.sleep(5_000, s);
        return null;
      },
      { nodeMs: 1_000, runMs: 60_000 },
    );
    const outcome = await run();
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ code: 'NODE_TIMEOUT', message: '"yes" took longer than its limit of 1 s' });
    expect(outcome.nodeResults.yes).toMatchObject({ outcome: 'failed', durationMs: 1_000 });
    expect(outcome.nodeResults.after_yes).toMatchObject({ outcome: 'skipped', reason: 'the run stopped: "yes" failed' });
    expect(clock.now()).toBe(1_000);
  });

  it('stops the run at its time limit with RUN_TIMEOUT', async () => {
    const { clock, run } = setup(
      async (_script, _args, _host, s) => {
        await clock.sleep(800, s);
        return null;
      },
      { nodeMs: 1_000, runMs: 2_000 },
    );
    const outcome = await run();
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'RUN_TIMEOUT' } });
    expect(outcome.nodeResults.merge).toMatchObject({ outcome: 'failed', error: { code: 'RUN_TIMEOUT' } });
    expect(clock.now()).toBe(2_000);
  });

  it('cancellation aborts the running function and ends the run as cancelled', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const { run } = setup(async (_script, _args, _host, s) => {
      controller.abort();
      sawAbort = s.aborted && (s.reason as AppError).code === 'RUN_CANCELLED';
      return null;
    });
    const outcome = await run(janeDoe(), controller.signal);
    expect(outcome).toMatchObject({ status: 'cancelled', error: { code: 'RUN_CANCELLED' } });
    expect(outcome.nodeResults.after_yes).toMatchObject({ outcome: 'skipped', reason: 'the run stopped: The run was cancelled' });
    expect(sawAbort).toBe(true);
  });

  it('the Deluge host routes requests through the policy and resolves connection "" by the URL', async () => {
    const { zoho, log, run } = setup(async (script, _args, host, s) => {
      if (!script.includes('yes')) return null;
      host.info(3, 'searching');
      const res = await host.request(
        { connection: '', method: 'GET', url: `https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG}&email=x%40y.z`, headers: {} },
        s,
      );
      return { status: res.status, body: JSON.parse(res.body) as unknown };
    });
    const outcome = await run();
    expect(outcome.nodeResults.yes?.output).toMatchObject({ status: 200, body: { code: 0, contacts: [] } });
    expect(log.of('info')[0]).toMatchObject({ nodeId: 'yes', line: 3, message: 'searching' });
    expect(log.of('http')[0]).toMatchObject({ linkName: 'books_conn', nodeId: 'yes', status: 200 });
    expect(zoho.http.unexpected).toEqual([]);
  });

  it('a Deluge node without an interpreter fails with FUNCTION_FAILED', async () => {
    const zoho = new ZohoFake();
    const plan = compileWorkflow(branching(), { connections: CONNECTIONS });
    const functions = createFunctionRegistry({ deluge: null });
    const outcome = await runWorkflow(
      plan,
      { record: janeDoe(), event: 'create', dryRun: false, functions },
      { http: zoho.http, clock: new VirtualClock(), log: new MemoryLog() },
      signal,
    );
    expect(outcome.error?.code).toBe('FUNCTION_FAILED');
    expect(outcome.error?.message).toContain('no Deluge interpreter');
  });
});
