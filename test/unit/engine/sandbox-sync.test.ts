/**
 * The seed workflow against the real sandbox over loopback HTTP: how Books treats contact person ids
 * on update, and a create whose answer is lost.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/index.ts';
import { systemClock } from '../../../src/engine/clock.ts';
import { compileWorkflow } from '../../../src/engine/compile.ts';
import { requestUrl } from '../../../src/engine/http/url.ts';
import type { ConnectionInfo, HttpPort, HttpResult } from '../../../src/engine/ports.ts';
import { runWorkflow, type RunOutcome } from '../../../src/engine/runner.ts';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { ALL_SCOPES, BOOKS_ORG, call, control, useSandbox, type Body } from '../sandbox/helpers.ts';
import { CONNECTIONS, MemoryLog, syncWorkflow } from './fakes.ts';

const env = useSandbox();
const plan = compileWorkflow(syncWorkflow(), { connections: CONNECTIONS });
const signal = new AbortController().signal;

interface Port extends HttpPort {
  /** Like Chromium: a request whose socket closes before any answer is sent once more, silently. */
  resendAfterDrop: boolean;
}

/** Main Zoho hosts go to the sandbox, as the app's "Sandbox (local)" data centre does. */
function sandboxPort(token: string): Port {
  const info = (linkName: string): ConnectionInfo | null =>
    linkName === 'bigin_conn' || linkName === 'books_conn'
      ? {
          linkName,
          serviceLinkName: linkName === 'bigin_conn' ? 'zoho_bigin' : 'zoho_books',
          serviceName: linkName,
          status: 'connected',
          dataCenterId: 'sandbox',
          isSandbox: true,
        }
      : null;
  const port: Port = {
    resendAfterDrop: false,
    describe: (linkName) => Promise.resolve(info(linkName)),
    async send(req): Promise<HttpResult> {
      const written = new URL(requestUrl(req));
      const url = `${env.url.replace(/\/$/, '')}${written.pathname}${written.search}`;
      const headers: Record<string, string> = { authorization: `Zoho-oauthtoken ${token}` };
      const body = req.body?.kind === 'json' ? JSON.stringify(req.body.value) : undefined;
      if (body) headers['content-type'] = 'application/json';
      const once = () => fetch(url, { method: req.method, headers, ...(body ? { body } : {}) });
      let response: Response;
      try {
        response = await once();
      } catch (error) {
        if (!port.resendAfterDrop) throw new AppError('HTTP_NETWORK', `The connection to the server was lost (${String(error)})`);
        response = await once();
      }
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => (out[key] = value));
      return { status: response.status, headers: out, bodyText: await response.text(), url };
    },
  };
  return port;
}

/** The Books contacts this test made (the seed has others): named Ida Lost, or with a person of that email. */
async function booksContacts(): Promise<Body[]> {
  const res = await call(env.url, `/_sandbox/books/contacts?organization_id=${BOOKS_ORG}`);
  return (res.body.contacts as Body[]).filter(
    (c) => c.contact_name === 'Ida Lost' || c.contact_persons.some((p: Body) => p.email === 'ida.lost@example.com'),
  );
}

describe('the sync against the sandbox', () => {
  let port: Port;
  let biginId: string;

  beforeEach(async () => {
    port = sandboxPort((await getTokens(env.url, ALL_SCOPES)).access_token);
    const created = await control(env.url, '/_sandbox/bigin/contacts', {
      First_Name: 'Ida',
      Last_Name: 'Lost',
      Email: 'ida.lost@example.com',
      Phone: '+1-555-0100',
    });
    biginId = String(created.body.data.id);
  });

  const run = (event: 'create' | 'edit', log = new MemoryLog()): Promise<RunOutcome> =>
    runWorkflow(
      plan,
      { record: { id: biginId, Email: 'ida.lost@example.com' }, event, dryRun: false },
      { http: port, clock: systemClock, log },
      signal,
    );

  it('an update keeps the primary contact person: same contact_person_id, one person, new phone', async () => {
    expect((await run('create')).status).toBe('succeeded');
    const [created] = await booksContacts();
    const personId = created.contact_persons[0].contact_person_id as string;
    expect(created.primary_contact_id).toBe(personId);

    await call(env.url, `/_sandbox/bigin/contacts/${biginId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Phone: '+1-555-0199' }),
    });
    const outcome = await run('edit');
    expect(outcome.nodeResults.sync?.output).toMatchObject({ action: 'updated', contactId: created.contact_id });

    const after = await booksContacts();
    expect(after).toHaveLength(1);
    expect(after[0].primary_contact_id).toBe(personId);
    expect(after[0].contact_persons).toMatchObject([
      { contact_person_id: personId, email: 'ida.lost@example.com', phone: '+1-555-0199', is_primary_contact: true },
    ]);
  });

  it('a create applied before its socket dropped, then resent, updates the contact it made: succeeded, one contact', async () => {
    await control(env.url, '/_sandbox/faults', { match: { method: 'POST', pathPrefix: '/books/v3/contacts' }, count: 1, action: { drop: 'after' } });
    port.resendAfterDrop = true;
    const log = new MemoryLog();
    const outcome = await run('create', log);
    expect(outcome.status).toBe('succeeded');
    expect(outcome.nodeResults.sync?.output).toMatchObject({ action: 'updated', recovered: true });
    expect(log.of('http').map((e) => `${e.method} ${e.status}`)).toEqual(['GET 200', 'GET 200', 'POST 400', 'GET 200', 'GET 200', 'PUT 200']);
    const contacts = await booksContacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0].contact_persons).toHaveLength(1);
  });

  it("a create refused as a duplicate name of a contact with another email fails with Books' message", async () => {
    const booksToken = (await getTokens(env.url, ALL_SCOPES)).access_token;
    const other = await call(env.url, `/books/v3/contacts?organization_id=${BOOKS_ORG}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Zoho-oauthtoken ${booksToken}` },
      body: JSON.stringify({ contact_name: 'Ida Lost', contact_persons: [{ email: 'someone.else@example.com' }] }),
    });
    expect(other.status).toBe(201);
    const outcome = await run('create');
    expect(outcome.error).toEqual({
      code: 'FUNCTION_FAILED',
      message:
        'Zoho Books could not create the contact: The customer "Ida Lost" already exists. Please specify a different name. (Books code 3062, HTTP 400).',
    });
    expect((await booksContacts()).map((c: Body) => c.contact_persons.map((p: Body) => p.email))).toEqual([['someone.else@example.com']]);
  });
});
