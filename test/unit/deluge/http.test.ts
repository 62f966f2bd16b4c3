import { describe, expect, it } from 'vitest';
import { runDeluge, type DelugeHost, type DelugeHttpRequest, type DelugeHttpResponse } from '../../../src/engine/deluge/index.ts';

/** Records requests and answers from a queue; throws when a test did not plan a request. */
class ScriptedHost implements DelugeHost {
  readonly requests: DelugeHttpRequest[] = [];
  readonly infos: string[] = [];
  readonly notices: string[] = [];
  constructor(private readonly replies: Array<DelugeHttpResponse | Error | 'hang'>) {}
  request(req: DelugeHttpRequest, signal: AbortSignal): Promise<DelugeHttpResponse> {
    this.requests.push(req);
    const next = this.replies.shift();
    if (next === undefined) throw new Error(`unplanned request ${req.method} ${req.url}`);
    if (next === 'hang') return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve(next);
  }
  info(_line: number, text: string): void {
    this.infos.push(text);
  }
  notice(_line: number, _level: string, text: string): void {
    this.notices.push(text);
  }
  now(): Date {
    return new Date('2025-01-01T00:00:00Z');
  }
}

const ok = (body: unknown, status = 200): DelugeHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function run(src: string, replies: Array<DelugeHttpResponse | Error | 'hang'>) {
  const host = new ScriptedHost(replies);
  const r = await runDeluge(src, { host });
  return { r, host };
}

describe('invokeurl', () => {
  it('GET merges a parameters map into the query string and parses JSON', async () => {
    const { r, host } = await run(
      'p = Map(); p.put("search_text", "a b@c.d");\nres = invokeurl\n[\n  url :"https://books.zoho.com/api/v3/contacts"\n  type :GET\n  parameters:p\n  connection:""\n];\ninfo res.get("code");\nreturn res;',
      [ok({ code: 0, contacts: [] })],
    );
    expect(host.requests[0]).toMatchObject({
      method: 'GET',
      url: 'https://books.zoho.com/api/v3/contacts?search_text=a%20b%40c.d',
      connection: '',
      params: { search_text: 'a b@c.d' },
    });
    expect(host.infos).toEqual(['0']);
    expect(r).toMatchObject({ ok: true, returnValue: { code: 0, contacts: [] } });
  });

  it('POST with a map sends form fields (JSONString as Books expects)', async () => {
    const { host } = await run(
      'd = {"contact_name":"Jane"};\np = Map(); p.put("JSONString", d.toString());\nr = invokeurl [ url: "https://books.zoho.com/api/v3/contacts?organization_id=1" type: POST parameters: p connection: "books" ];',
      [ok({ code: 0 }, 201)],
    );
    expect(host.requests[0]).toMatchObject({
      method: 'POST',
      connection: 'books',
      contentType: 'application/x-www-form-urlencoded',
      body: 'JSONString=%7B%22contact_name%22%3A%22Jane%22%7D',
      url: 'https://books.zoho.com/api/v3/contacts?organization_id=1',
    });
  });

  it('content-type json with a map sends a JSON body; headers pass through', async () => {
    const { host } = await run(
      'r = invokeUrl [\n url: "https://api.example.com/x"\n type: PUT\n headers: {"X-Key":"k"}\n content-type: application/json\n parameters: {"a":1,"b":[true]}\n];',
      [ok('{}')],
    );
    expect(host.requests[0]).toMatchObject({
      method: 'PUT',
      connection: null,
      body: '{"a":1,"b":[true]}',
      contentType: 'application/json',
      headers: { 'X-Key': 'k', 'Content-Type': 'application/json' },
    });
  });

  it('body attribute sends raw text', async () => {
    const { host } = await run('r = invokeurl [ url: "https://api.example.com/x" type: PATCH body: "raw text" content-type: "text/plain" ];', [
      ok('done'),
    ]);
    expect(host.requests[0]).toMatchObject({ method: 'PATCH', body: 'raw text', contentType: 'text/plain' });
  });

  it('non-JSON responses come back as text', async () => {
    const { r } = await run('return invokeurl [ url: "https://api.example.com/x" type: DELETE ];', [ok('plain words')]);
    expect(r).toMatchObject({ ok: true, returnValue: 'plain words' });
  });

  it('detailed:true returns responseCode, responseText and responseHeader', async () => {
    const { r } = await run('x = invokeurl [ url: "https://api.example.com/x" detailed: true ];\nreturn x;', [ok({ code: 3 }, 404)]);
    expect(r).toMatchObject({
      ok: true,
      returnValue: { responseCode: 404, responseText: { code: 3 }, responseHeader: { 'content-type': 'application/json' } },
    });
  });

  it('an HTTP error status does not throw, and is noticed with the service error', async () => {
    const { r, host } = await run(
      'x = invokeurl [ url: "https://books.zoho.com/api/v3/contacts?organization_id=XXXXXXX" type: POST parameters: {"a":"b"} ];\ninfo x.get("message");',
      [ok({ code: 6041, message: 'Not associated' }, 400)],
    );
    expect(r.ok).toBe(true);
    expect(host.infos).toEqual(['Not associated']);
    expect(host.notices).toEqual(['HTTP 400 from POST https://books.zoho.com/api/v3/contacts: 6041 Not associated']);
  });

  it('a transport failure is DELUGE_HTTP with the line, without the query string', async () => {
    const { r } = await run('a = 1;\nx = invokeurl [ url: "https://api.example.com/x?token=secret" ];', [new Error('connection refused')]);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_HTTP', line: 2, message: 'invokeurl to https://api.example.com/x failed: connection refused at line 2' },
    });
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('DELUGE_HTTP can be caught', async () => {
    const { host } = await run('try { x = invokeurl [ url: "https://api.example.com/x" ]; } catch (e) { info "offline"; }', [new Error('down')]);
    expect(host.infos).toEqual(['offline']);
  });

  it('the caller can cancel a run during a request', async () => {
    const host = new ScriptedHost(['hang']);
    const ctrl = new AbortController();
    const sent = host.request.bind(host);
    host.request = (req, signal) => {
      const answer = sent(req, signal);
      ctrl.abort();
      return answer;
    };
    expect(await runDeluge('x = invokeurl [ url: "https://api.example.com/slow" ];', { host, signal: ctrl.signal })).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_TIMEOUT', line: 1, message: 'the run was stopped during invokeurl at line 1' },
    });
  });

  it('rejects a relative url and a bad type', async () => {
    expect((await run('x = invokeurl [ url: "/relative" ];', [])).r).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_RUNTIME', message: 'invokeurl: \'url\' must be an absolute http(s) URL, got "/relative" at line 1' },
    });
    expect((await run('t = "FETCH"; x = invokeurl [ url: "https://a.b" type: t ];', [])).r).toMatchObject({
      ok: false,
      error: { message: 'invokeurl: \'type\' must be GET, POST, PUT, PATCH or DELETE, got "FETCH" at line 1' },
    });
  });

  it('host calls inside loops and conditions run in order', async () => {
    const { host } = await run(
      'for each id in {"1","2"} { if (id != "0") { r = invokeurl [ url: "https://api.example.com/x/" + id ]; info r.get("n"); } }',
      [ok({ n: 'a' }), ok({ n: 'b' })],
    );
    expect(host.requests.map((q) => q.url)).toEqual(['https://api.example.com/x/1', 'https://api.example.com/x/2']);
    expect(host.infos).toEqual(['a', 'b']);
  });
});

describe('integration tasks', () => {
  it('zoho.bigin.getRecordById builds the v2 URL and returns the envelope', async () => {
    const { r, host } = await run(
      'c = zoho.bigin.getRecordById("Contacts", "41508", Map(), "bigin_conn");\nreturn c.get("data").get(0).get("Email");',
      [ok({ data: [{ Email: 'j@x.y' }] })],
    );
    expect(host.requests[0]).toMatchObject({ method: 'GET', url: 'https://www.zohoapis.com/bigin/v2/Contacts/41508', connection: 'bigin_conn' });
    expect(r).toMatchObject({ ok: true, returnValue: 'j@x.y' });
  });

  it('a text in the options position is the connection', async () => {
    const { host } = await run('c = zoho.bigin.getRecordByID("Contacts", 7, "conn");', [ok({ data: [] })]);
    expect(host.requests[0]).toMatchObject({ url: 'https://www.zohoapis.com/bigin/v2/Contacts/7', connection: 'conn' });
  });

  it('a missing Bigin record (204) gives an empty map', async () => {
    const { r } = await run('c = zoho.bigin.getRecordById("Contacts", "1");\nreturn c.isEmpty();', [{ status: 204, headers: {}, body: '' }]);
    expect(r).toMatchObject({ ok: true, returnValue: true });
  });

  it('zoho.bigin.searchRecords sends criteria, page and per_page', async () => {
    const { host } = await run('r = zoho.bigin.searchRecords("Contacts", "(Email:equals:a@b.c)", 1, 10, Map(), "c1");', [ok({ data: [] })]);
    expect(host.requests[0]).toMatchObject({
      method: 'GET',
      connection: 'c1',
      url: 'https://www.zohoapis.com/bigin/v2/Contacts/search?criteria=(Email%3Aequals%3Aa%40b.c)&page=1&per_page=10',
    });
  });

  it('zoho.bigin.createRecord posts {data:[record]} with trigger options', async () => {
    const { host } = await run('r = zoho.bigin.createRecord("Contacts", {"Last_Name":"Williams"}, {"trigger":{"workflow"}}, "c1");', [
      ok({ data: [{ code: 'SUCCESS' }] }, 201),
    ]);
    expect(host.requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://www.zohoapis.com/bigin/v2/Contacts',
      contentType: 'application/json',
      body: '{"data":[{"Last_Name":"Williams"}],"trigger":["workflow"]}',
    });
  });

  it('zoho.bigin.updateRecord puts to the record URL', async () => {
    const { host } = await run('r = zoho.bigin.updateRecord("Contacts", "9", {"Phone":"1"});', [ok({ data: [] })]);
    expect(host.requests[0]).toMatchObject({
      method: 'PUT',
      url: 'https://www.zohoapis.com/bigin/v2/Contacts/9',
      connection: '',
      body: '{"data":[{"Phone":"1"}]}',
    });
  });

  it('zoho.books.getRecords with a criteria map', async () => {
    const { host } = await run('r = zoho.books.getRecords("Contacts", "10234695", {"email":"a@b.c"}, "books");', [ok({ code: 0, contacts: [] })]);
    expect(host.requests[0]).toMatchObject({
      method: 'GET',
      connection: 'books',
      url: 'https://www.zohoapis.com/books/v3/contacts?organization_id=10234695&email=a%40b.c',
    });
  });

  it('zoho.books.getRecords with criteria text', async () => {
    const { host } = await run('r = zoho.books.getRecords("Invoices", "1", "status=paid&page=2");', [ok({ code: 0 })]);
    expect(host.requests[0]?.url).toBe('https://www.zohoapis.com/books/v3/invoices?organization_id=1&status=paid&page=2');
  });

  it('zoho.books.getRecordsByID', async () => {
    const { host } = await run('r = zoho.books.getRecordsByID("Contacts", "1", "55", "books");', [ok({ code: 0 })]);
    expect(host.requests[0]).toMatchObject({
      method: 'GET',
      url: 'https://www.zohoapis.com/books/v3/contacts/55?organization_id=1',
      connection: 'books',
    });
  });

  it('zoho.books.createRecord and updateRecord send JSONString', async () => {
    const { host } = await run(
      'a = zoho.books.createRecord("Contacts", "1", {"contact_name":"J"});\nb = zoho.books.updateRecord("Contacts", "1", "55", {"contact_name":"K"}, "books");',
      [ok({ code: 0 }, 201), ok({ code: 0 })],
    );
    expect(host.requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://www.zohoapis.com/books/v3/contacts?organization_id=1',
      body: 'JSONString=%7B%22contact_name%22%3A%22J%22%7D',
      params: { JSONString: '{"contact_name":"J"}' },
    });
    expect(host.requests[1]).toMatchObject({
      method: 'PUT',
      url: 'https://www.zohoapis.com/books/v3/contacts/55?organization_id=1',
      connection: 'books',
    });
  });

  it('argument errors name the task and argument', async () => {
    const { r } = await run('x = null;\nr = zoho.books.createRecord("Contacts", "1", x);', []);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_RUNTIME', line: 2, message: 'zoho.books.createRecord: the record (argument 3) must be a Map, got null at line 2' },
    });
  });
});
