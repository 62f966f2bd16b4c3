import { describe, expect, it } from 'vitest';
import type { WorkflowNode } from '../../../src/domain/index.ts';
import { compileWorkflow } from '../../../src/engine/compile.ts';
import { runDeluge } from '../../../src/engine/deluge/index.ts';
import { createFunctionRegistry, delugeRunnerFrom } from '../../../src/engine/functions/registry.ts';
import { runWorkflow } from '../../../src/engine/runner.ts';
import { CONNECTIONS, janeDoe, MemoryLog, ORG, VirtualClock, ZohoFake } from './fakes.ts';

const script = `
r = invokeurl
[
  url: "https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG}&email=" + email
  type: GET
  connection: ""
];
info "found " + r.get("contacts").size();
return r.get("code");
`;

describe('Deluge functions through the engine', () => {
  it('runs a script whose invokeurl goes through the request policy and the log', async () => {
    const zoho = new ZohoFake();
    const fn: WorkflowNode = {
      id: 'f',
      type: 'function',
      config: {
        name: 'Search Books',
        kind: 'deluge',
        script,
        connections: { books: 'books_conn' },
        arguments: [{ name: 'email', type: 'text', from: 'Email' }],
      },
    };
    const plan = compileWorkflow(
      {
        id: 'wf_deluge01',
        name: 'Deluge',
        revision: 1,
        nodes: [{ id: 't', type: 'trigger', config: { module: 'Contacts', events: ['create'], changedFields: [] } }, fn],
        edges: [{ id: 'e', source: 't', target: 'f' }],
      },
      { connections: CONNECTIONS },
    );
    const log = new MemoryLog();
    const functions = createFunctionRegistry({ deluge: delugeRunnerFrom(runDeluge) });
    const outcome = await runWorkflow(
      plan,
      { record: janeDoe(), event: 'create', dryRun: false, functions },
      { http: zoho.http, clock: new VirtualClock(), log },
      new AbortController().signal,
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.nodeResults.f).toMatchObject({ outcome: 'ran', output: 0 });
    expect(log.of('http')[0]).toMatchObject({
      linkName: 'books_conn',
      status: 200,
      url: `https://www.zohoapis.com/books/v3/contacts?organization_id=${ORG}&email=jane@example.com`,
    });
    expect(log.of('info').map((e) => [e.line, e.message])).toEqual([
      [2, 'connection "" → "books_conn" (the function\'s books connection)'],
      [8, 'found 0'],
    ]);
    expect(zoho.http.unexpected).toEqual([]);
  });

  it('fails the node with the interpreter error code and line', async () => {
    const runner = delugeRunnerFrom(() =>
      Promise.resolve({ ok: false as const, error: { code: 'DELUGE_SYNTAX' as const, message: 'Expected ";"', line: 2 } }),
    );
    await expect(
      runner('x = ', {}, { request: () => Promise.reject(new Error('no')), info: () => {}, now: () => new Date(0) }, new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'DELUGE_SYNTAX',
      message: 'Expected ";" (line 2)',
    });
  });
});
