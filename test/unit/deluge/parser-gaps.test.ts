/**
 * Syntax published Bigin/CRM/Books functions use that the parser used to refuse or misreport.
 * Zoho's pages are cited per group; the choices where they are silent are in docs/deluge.md.
 */
import { describe, expect, it } from 'vitest';
import { BOOKS_DEFAULT_ORGANIZATION_NOTE, parseDeluge, runDeluge } from '../../../src/engine/deluge/index.ts';
import { FakeZoho } from './fake-zoho.ts';
import { check } from './helpers.ts';

const errors = (src: string) => parseDeluge(src).errors.map((e) => ({ line: e.line, message: e.message }));

// https://www.zoho.com/creator/help/script/fetch-and-email.html
describe('sendmail', () => {
  it('parses Attachments :file:<variable>, several files, and a template as PDF', () => {
    expect(
      errors(
        'f = invokeurl [ url: "https://example.com/a.pdf" ];\nsendmail\n[\n  from :zoho.adminuserid\n  to :"a@example.com"\n  subject :"s"\n  message :"m"\n  Attachments :file:f\n]',
      ),
    ).toEqual([]);
    expect(errors('sendmail [ from: "a@x.com" to: "b@x.com" subject: "s" message: "m" Attachments: file: f1, file: f2 ]')).toEqual([]);
    expect(
      errors('sendmail [ from: "a@x.com" to: "b@x.com" subject: "s" message: "m" Attachments: template: "Quote Template":Quotes record: id as PDF ]'),
    ).toEqual([]);
    expect(errors('sendmail [ from: "a@x.com" to: "b@x.com" subject: "s" message: "m" Attachments: view: Orders_Report as PDF, file: f ]')).toEqual(
      [],
    );
  });

  it('takes comma-separated recipients in to, cc, bcc and reply to', () => {
    expect(
      errors('sendmail [ from: zoho.adminuserid to: "a@x.com", "b@x.com", zoho.loginuserid cc: "c@x.com", "d@x.com" subject: "s" message: "m" ]'),
    ).toEqual([]);
    expect(
      errors('sendmail\n[\n  from :zoho.adminuserid\n  to :"a@x.com","b@x.com"\n  reply to :"r@x.com","s@x.com"\n  subject :"s"\n  message :"m"\n]'),
    ).toEqual([]);
  });

  it("a bad key lists sendmail's keys, not invokeurl's", () => {
    expect(errors('sendmail [ from: "a@x.com" to: "b@x.com" subjct: "s" message: "m" ]')).toEqual([
      { line: 1, message: "unknown sendmail attribute 'subjct' (one of: from, to, cc, bcc, reply to, subject, message, content type, attachments)" },
    ]);
    expect(errors('sendmail [ from: "a@x.com" 42 ]')[0]?.message).toBe(
      'expected a sendmail attribute (one of: from, to, cc, bcc, reply to, subject, message, content type, attachments), found number 42',
    );
    expect(errors('sendmail [ from: "a@x.com" Attachments: pdf: f ]')[0]?.message).toBe(
      "expected an attachment such as 'file: <variable>' or 'template: <name>:<module> record: <id> as PDF', found 'pdf'",
    );
  });

  it('still parses and is refused at run time with a clear message', async () => {
    await check({
      name: 'sendmail',
      src: 'sendmail [ from: "a@x.com" to: "b@x.com", "c@x.com" subject: "s" message: "m" Attachments: file: f ]',
      err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'sendmail is not supported here' },
    });
  });
});

// https://zoho.com/deluge/help/webhook/invokeapitask.html
describe('invokeapi', () => {
  it('parses every documented attribute', () => {
    expect(
      errors(
        'r = invokeapi\n[\n  service: "books"\n  path: "/books/v3/contacts"\n  type: GET\n  parameters: {"organization_id": "1"}\n  headers: Map()\n  connection: "books"\n  response-format: JSON\n];',
      ),
    ).toEqual([]);
  });

  it('calls Books through the connection layer by path', async () => {
    const host = new FakeZoho();
    const r = await runDeluge(
      `r = invokeapi [ service: "books" path: "/books/v3/contacts?organization_id=${host.org}" type: GET connection: "" ];\nreturn r.get("code");`,
      { host },
    );
    expect(r).toMatchObject({ ok: true, returnValue: 0 });
    expect(host.requests).toMatchObject([
      { method: 'GET', url: `https://www.zohoapis.com/books/v3/contacts?organization_id=${host.org}`, connection: '' },
    ]);
  });

  it("with no connection uses the function's own connection for the service", async () => {
    const host = new FakeZoho({ bigin: { 7: { id: '7', Last_Name: 'Ng' } } });
    const r = await runDeluge('r = invokeapi [ service: "ZohoBigin" path: "/bigin/v2/Contacts/7" ];\nreturn r.get("data").get(0).get("Last_Name");', {
      host,
    });
    expect(r).toMatchObject({ ok: true, returnValue: 'Ng' });
    expect(host.requests[0]).toMatchObject({ url: 'https://www.zohoapis.com/bigin/v2/Contacts/7', connection: '' });
  });

  it('a service the builder has no connection for is a runtime error naming the task', async () => {
    await check({
      name: 'crm',
      src: 'r = invokeapi [ service: "crm" path: "/crm/v3/Leads" ];',
      err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'invokeapi: the service "crm" is not available here: supported services are bigin and books' },
    });
    await check({
      name: 'path',
      src: 'r = invokeapi [ service: "books" path: "/crm/v3/Leads" ];',
      err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'invokeapi: the path "/crm/v3/Leads" is not a books API path (it starts with /books/)' },
    });
    await check({
      name: 'url key',
      src: 'r = invokeapi [ url: "https://x" ];',
      err: {
        code: 'DELUGE_SYNTAX',
        line: 1,
        msg: "unknown invokeapi attribute 'url' (one of: service, path, type, parameters, body, headers, connection, response-format, response-decoding)",
      },
    });
  });
});

// List operators: https://www.zoho.com/creator/newhelp/script/operators.html
describe('in / not in', () => {
  it("tests membership of a List, a Map's keys and comma-separated text", async () => {
    await check({
      name: 'in',
      src: 'l = {"a","b"};\ninfo "a" in l;\ninfo "c" not in l;\nif ("b" in l && 2 in {1,2}) { info "both"; }\ninfo "k" in {"k":1};\ninfo "b" in "a,b";\ninfo 3 in l || true;',
      out: ['true', 'true', 'both', 'true', 'true', 'true'],
    });
  });

  it('needs a List, a Map or text on the right', async () => {
    await check({ name: 'null', src: 'x = null;\ninfo 1 in x;', err: { code: 'DELUGE_RUNTIME', line: 2, msg: "`x` is null: 'in' needs a List" } });
  });

  it('does not disturb for each … in', async () => {
    await check({ name: 'loop', src: 'for each x in {1,2} { info x in {2}; }', out: ['false', 'true'] });
  });
});

describe('misleading errors', () => {
  it('a method call on input.Field is a call, not an assignment', () => {
    expect(errors('input.Image.setParamName("file");')).toEqual([]);
    expect(errors('input.Image = "x";')[0]?.message).toBe('assigning input.Image is Zoho Creator syntax, not available in Bigin functions');
  });

  it('an unclosed text is reported where it opens, not where the parser gives up', () => {
    const src = 'm = Map();\nm.put("name", "Jane);\nm.put("city", "Oslo");\ninfo m;\nif (m.size() > 0) { info "ok"; }';
    expect(errors(src)).toEqual([
      {
        line: 2,
        message:
          'text opened with " at line 2 is not closed on that line: it runs on to line 3 and takes the code there as text (is a closing " missing, or one too many?)',
      },
    ]);
  });

  it('blames the text, not the block its runaway left unclosed', () => {
    const src =
      'for each p in items\n{\n  m = Map();\n  m.put("description", p.get("product_description));\n  out.add(m);\n}\nparams = Map();\nparams.put("customer_id", id);\ntry {\n  x = 1;\n} catch (e) {\n  info e;\n}';
    expect(errors(src)).toEqual([
      {
        line: 4,
        message:
          'text opened with " at line 4 is not closed on that line: it runs on to line 8 and takes the code there as text (is a closing " missing, or one too many?)',
      },
    ]);
  });

  it('a doubled quote is reported on its own line, not where the last text is left open', () => {
    const src =
      'template = zoho.sign.getTemplateById("ID"");\nname = template.get("name");\nx = 1;\nr = zoho.crm.createRecord("Docs", {"a": "b"});\ninfo "done";';
    expect(errors(src)).toEqual([
      {
        line: 1,
        message:
          'text opened with " at line 1 is not closed on that line: it runs on to line 2 and takes the code there as text (is a closing " missing, or one too many?)',
      },
    ]);
  });

  it('text that spans lines on purpose is not blamed for an error further on', () => {
    expect(errors('css = "<style>\np { color: red; }\n</style>";\ninfo css;\nx = (1 + ;')).toEqual([
      { line: 5, message: "expected a value, found ';'" },
    ]);
  });

  it('text that spans lines on purpose stays valid', () => {
    expect(errors('body = "<p>Hello</p>\n<p>Bye</p>";\ninfo body;')).toEqual([]);
  });

  it('Creator-only syntax gets one message naming Zoho Creator', () => {
    for (const src of [
      'insert into Orders [ Name = "x" ];',
      'rows = Orders[Status == "Open"];',
      'alert "x";',
      'hide Notes;',
      'cancel submit;',
      'input.Notes = "x";',
      'row.Status = "Done";',
    ]) {
      expect(errors(src)[0]?.message, src).toMatch(/ is Zoho Creator syntax, not available in Bigin functions$/);
    }
  });
});

describe('Books without organization_id: one source for the editor hint and the run notice', () => {
  it('hints on the URL of an invokeurl that names no organization', () => {
    const { errors: errs, hints } = parseDeluge(
      'p = Map();\np.put("search_text", "a");\nr = invokeurl\n[\n  url :"https://books.zoho.com/api/v3/contacts"\n  type :GET\n  parameters:p\n  connection:""\n];',
    );
    expect(errs).toEqual([]);
    expect(hints).toEqual([expect.objectContaining({ line: 5, column: 8, message: BOOKS_DEFAULT_ORGANIZATION_NOTE })]);
    expect(BOOKS_DEFAULT_ORGANIZATION_NOTE).toBe(
      'no organization_id: Zoho Books will use the default organization of the Books connection. To name one, add organization_id=<your organization id> to the URL (or the parameters map)',
    );
  });

  it('gives no hint when the organization is named in the URL, the parameters or a header', () => {
    expect(parseDeluge('r = invokeurl [ url: "https://www.zohoapis.com/books/v3/contacts?organization_id=" + org ];').hints).toEqual([]);
    expect(
      parseDeluge('p = Map();\np.put("organization_id", org);\nr = invokeurl [ url: "https://www.zohoapis.com/books/v3/contacts" parameters: p ];')
        .hints,
    ).toEqual([]);
    expect(parseDeluge('r = invokeurl [ url: "https://www.zohoapis.com/bigin/v2/Contacts" ];').hints).toEqual([]);
    expect(
      parseDeluge('r = invokeurl [ url: "https://books.zoho.com/api/v3/contacts" parameters: {"search_text": "a", "organization_id": org} ];').hints,
    ).toEqual([]);
    expect(
      parseDeluge('h = {"X-com-zoho-books-organizationid": org};\nr = invokeurl [ url: "https://books.zoho.com/api/v3/contacts" headers: h ];').hints,
    ).toEqual([]);
  });

  it('hints on a zoho.books task with an empty organization and on invokeapi to Books', () => {
    expect(parseDeluge('r = zoho.books.getRecords("Contacts", "");').hints.map((h) => h.line)).toEqual([1]);
    expect(parseDeluge('r = invokeapi [ service: "books" path: "/books/v3/contacts" ];').hints.map((h) => h.line)).toEqual([1]);
  });

  it('the run says the same at the request line, and Books answers for the default organization', async () => {
    const host = new FakeZoho({ books: [] });
    const r = await runDeluge('x = 1;\nr = zoho.books.getRecords("Contacts", "");\nreturn r.get("code");', { host });
    expect(r).toMatchObject({ ok: true, returnValue: 0 });
    expect(host.requests[0]?.url).toBe('https://www.zohoapis.com/books/v3/contacts');
    expect(host.notices).toEqual([{ line: 2, level: 'notice', text: `zoho.books.getRecords: ${BOOKS_DEFAULT_ORGANIZATION_NOTE}` }]);
  });
});
