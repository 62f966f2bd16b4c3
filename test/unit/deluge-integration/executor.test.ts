import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FunctionConfig, WorkflowNode } from '../../../src/domain/index.ts';
import { compileWorkflow } from '../../../src/engine/compile.ts';
import { delugeSyncFunctionConfig, delugeSyncScript } from '../../../src/engine/functions/delugeTemplate.ts';
import { runWorkflow, type RunInput } from '../../../src/engine/runner.ts';
import { systemClock } from '../../../src/engine/clock.ts';
import { CONNECTIONS, janeDoe, MemoryLog, ORG } from '../engine/fakes.ts';
import { DelugeZoho } from './zoho.ts';
import { BOOKS_DEFAULT_ORGANIZATION_NOTE } from '../../../src/engine/deluge/index.ts';

const EU_BOOKS = { linkName: 'books_eu', serviceLinkName: 'zoho_books', status: 'connected' } as const;

/** 1-based line of the first line of `script` that contains `needle`. */
function lineOf(script: string, needle: string): number {
  const index = script.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the script`);
  return index + 1;
}

function workflow(config: FunctionConfig) {
  const fn: WorkflowNode = { id: 'f', type: 'function', config };
  return compileWorkflow(
    {
      id: 'wf_deluge02',
      name: 'Deluge sync',
      revision: 1,
      nodes: [{ id: 't', type: 'trigger', config: { module: 'Contacts', events: ['create', 'edit'], changedFields: [] } }, fn],
      edges: [{ id: 'e', source: 't', target: 'f' }],
    },
    { connections: [...CONNECTIONS, EU_BOOKS] },
  );
}

function deluge(script: string, connections: Record<string, string> = { bigin: 'bigin_conn', books: 'books_conn' }): FunctionConfig {
  return { name: 'Script', kind: 'deluge', script, connections, arguments: [{ name: 'contact', type: 'map', from: 'record' }] };
}

/**
 * Runs through the engine's default function registry, which loads the interpreter on demand; the
 * real clock, since a virtual one would fire the node's time limit while the module loads.
 */
async function run(zoho: DelugeZoho, config: FunctionConfig, input: Partial<RunInput> = {}) {
  const log = new MemoryLog();
  const outcome = await runWorkflow(
    workflow(config),
    { record: janeDoe(), event: 'create', module: 'Contacts', dryRun: false, ...input },
    { http: zoho.http, clock: systemClock, log },
    new AbortController().signal,
  );
  return { outcome, log, infos: log.of('info').map((e) => [e.line, e.level, e.message] as const) };
}

const blank = (): FunctionConfig => ({ name: '', kind: 'builtin', connections: { bigin: 'bigin_conn' }, arguments: [] });

describe('the Deluge template through the executor', () => {
  it('fills in the script, the contact argument and both connection roles', () => {
    const config = delugeSyncFunctionConfig(blank(), ORG);
    expect(config).toMatchObject({
      name: 'Sync contact to Zoho Books (Deluge)',
      kind: 'deluge',
      connections: { bigin: 'bigin_conn', books: '' },
      arguments: [{ name: 'contact', type: 'map', from: 'record' }],
    });
    expect(config.script).toContain(`organizationId = "${ORG}";`);
  });

  it('creates the Books contact on the first run and updates it on the second', async () => {
    const zoho = new DelugeZoho();
    zoho.bigin.set(String(janeDoe().id), janeDoe());
    const config = { ...delugeSyncFunctionConfig(blank(), ORG), connections: { bigin: 'bigin_conn', books: 'books_conn' } };

    const first = await run(zoho, config);
    expect(first.outcome.error).toBeUndefined();
    expect(zoho.books).toEqual([
      expect.objectContaining({
        contact_name: 'Jane Doe',
        phone: '+1-555-0100',
        mobile: '+1-555-0101',
        contact_persons: [{ last_name: 'Doe', email: 'jane@example.com', is_primary_contact: true, phone: '+1-555-0100', mobile: '+1-555-0101' }],
      }),
    ]);
    const script = config.script ?? '';
    expect(first.infos.at(-1)).toEqual([lineOf(script, 'info "Created'), 'info', 'Created Books contact: The contact has been created']);

    zoho.bigin.set(String(janeDoe().id), janeDoe({ Phone: '+1-555-0199' }));
    const second = await run(zoho, config, { event: 'edit' });
    expect(second.outcome.error).toBeUndefined();
    expect(zoho.books).toHaveLength(1);
    expect(zoho.books[0]?.phone).toBe('+1-555-0199');
    expect(second.infos.at(-1)).toEqual([
      lineOf(script, 'info "Updated'),
      'info',
      `Updated Books contact ${zoho.books[0]?.contact_id}: Contact has been updated successfully`,
    ]);
    expect(second.outcome.nodeResults.f).toMatchObject({ outcome: 'ran', output: { code: 0, message: 'Contact has been updated successfully' } });
    expect(zoho.http.unexpected).toEqual([]);
  });

  it('names the link name each empty connection resolved to, at the line of the task', async () => {
    const zoho = new DelugeZoho();
    zoho.bigin.set(String(janeDoe().id), janeDoe());
    const script = delugeSyncScript(ORG);
    const { infos } = await run(zoho, deluge(script));
    expect(infos.filter(([, , m]) => m.startsWith('connection'))).toEqual([
      [lineOf(script, 'zoho.bigin.getRecordById'), 'info', 'connection "" → "bigin_conn" (the function\'s bigin connection)'],
      [lineOf(script, 'zoho.books.getRecords'), 'info', 'connection "" → "books_conn" (the function\'s books connection)'],
      [lineOf(script, 'zoho.books.createRecord'), 'info', 'connection "" → "books_conn" (the function\'s books connection)'],
    ]);
    expect(zoho.http.sent.map((s) => `${s.method} ${s.req.linkName} ${s.url}`)).toEqual([
      `GET bigin_conn https://www.zohoapis.com/bigin/v2/Contacts/${String(janeDoe().id)}`,
      `GET books_conn https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG}&email=jane%40example.com`,
      `POST books_conn https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG}`,
    ]);
  });

  it("invokeapi reaches Books through the function's connection, like invokeurl", async () => {
    const zoho = new DelugeZoho();
    const script = `r = invokeapi\n[\n  service: "books"\n  path: "/books/v3/contacts"\n  parameters: {"organization_id": "${ORG}", "email": "jane@example.com"}\n];\ninfo r.get("code");`;
    const { outcome, infos } = await run(zoho, deluge(script));
    expect(outcome.error).toBeUndefined();
    expect(infos).toEqual([
      [1, 'info', 'connection "" → "books_conn" (the function\'s books connection)'],
      [7, 'info', '0'],
    ]);
    expect(zoho.http.sent.map((s) => `${s.method} ${s.req.linkName} ${s.url}`)).toEqual([
      `GET books_conn https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG}&email=jane%40example.com`,
    ]);
  });

  it('stops with a reminder, and sends nothing, while the organization ID is empty', async () => {
    const zoho = new DelugeZoho();
    const { outcome, infos } = await run(zoho, deluge(delugeSyncScript()));
    const script = delugeSyncScript();
    expect(infos).toEqual([
      [
        lineOf(script, 'info "Set organizationId'),
        'info',
        `Set organizationId on line ${lineOf(script, 'organizationId = "')} to your Books organization ID, then run again.`,
      ],
    ]);
    expect(outcome.nodeResults.f).toMatchObject({ outcome: 'ran', output: 'not synced: no organization ID' });
    expect(zoho.http.sent).toEqual([]);
  });

  it('an empty connection with two Books connections picked is an error naming a link name to write', async () => {
    const zoho = new DelugeZoho();
    zoho.http.connection(EU_BOOKS);
    const { outcome } = await run(zoho, deluge('r = zoho.books.getRecords("Contacts", "1", "");', { books: 'books_conn', books2: 'books_eu' }));
    expect(outcome.error).toEqual({
      code: 'DELUGE_HTTP',
      message: expect.stringContaining(
        'connection: "" is ambiguous for https://www.zohoapis.com; write the link name, e.g. connection: "books_conn"',
      ) as string,
    });
  });

  it('a Deluge node with no connection picked says where to add one', async () => {
    const { outcome } = await run(new DelugeZoho(), deluge('r = zoho.bigin.getRecordById("Contacts", "1");', {}));
    expect(outcome.error?.message).toContain('connection: "" needs a connection picked in "Script"');
  });

  it('a script error fails the node with its code and line', async () => {
    const { outcome } = await run(new DelugeZoho(), deluge('x = Map();\ny = x.get("a").size();'));
    expect(outcome.error).toEqual({ code: 'DELUGE_RUNTIME', message: expect.stringMatching(/is null: cannot call size\(\) at line 2$/) as string });
  });
});

// The article's script is Zoho's, not ours: read from the shared reference folder, never copied.
const seedPath = fileURLToPath(new URL('../../../../shared/reference/seed-sync-contact.dg', import.meta.url));
const seed = existsSync(seedPath) ? readFileSync(seedPath, 'utf8') : null;

describe.skipIf(seed === null)("the article's script through the executor (reads seed-sync-contact.dg)", () => {
  const filled = (org: string) =>
    (seed ?? '').replaceAll('XXXXXXX', org).replace('Map(),"")', 'Map(),"bigin_conn")').replaceAll('connection:""', 'connection:"books_conn"');

  it('creates, then updates, with both info lines at their script lines', async () => {
    const zoho = new DelugeZoho();
    zoho.bigin.set(String(janeDoe().id), janeDoe());
    const first = await run(zoho, deluge(filled(ORG)));
    expect(first.outcome.error).toBeUndefined();
    // The search sends no organization_id (line 13): the run says which organization Books uses.
    expect(first.infos[0]).toEqual([13, 'info', `invokeurl: ${BOOKS_DEFAULT_ORGANIZATION_NOTE}`]);
    expect(first.infos.map(([line]) => line)).toEqual([13, 20, 84]);
    expect(zoho.books).toHaveLength(1);

    zoho.bigin.set(String(janeDoe().id), janeDoe({ Mobile: '+1-555-0177' }));
    const second = await run(zoho, deluge(filled(ORG)), { event: 'edit' });
    expect(second.infos.map(([line, , m]) => [line, m.split(':')[0]])).toEqual([
      [13, 'invokeurl'],
      [20, 'Searched by name in Books'],
      [45, 'parameters_data value'],
      [53, 'Updated Contact'],
    ]);
    expect(zoho.books).toHaveLength(1);
    expect(zoho.books[0]?.mobile).toBe('+1-555-0177');
  });

  it("left with the XXXXXXX placeholder, fails with Books' own error once the script has logged everything", async () => {
    const zoho = new DelugeZoho();
    zoho.bigin.set(String(janeDoe().id), janeDoe());
    const { infos, outcome } = await run(zoho, deluge(filled('XXXXXXX')));
    expect(infos).toContainEqual([
      77,
      'warn',
      'HTTP 400 from POST https://books.zoho.com/api/v3/contacts: 6041 This user is not associated with the organization XXXXXXX.',
    ]);
    expect(infos.some(([line]) => line === 84)).toBe(true);
    expect(outcome.error).toEqual({
      code: 'FUNCTION_FAILED',
      message:
        'The script finished, but its POST at line 77 was refused: HTTP 400 (code 6041: This user is not associated with the organization XXXXXXX.)',
    });
    expect(zoho.books).toEqual([]);
  });
});
