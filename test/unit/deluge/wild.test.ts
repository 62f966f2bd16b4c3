/**
 * Our own snippets, one per construct seen in published Deluge scripts (docs/deluge.md lists the
 * study). None of them is copied from a published script.
 */
import { describe, expect, it } from 'vitest';
import { parseDeluge } from '../../../src/engine/deluge/index.ts';
import { check, type Snippet } from './helpers.ts';

const runs: Snippet[] = [
  {
    name: 'header with namespace, typed params in any case',
    src: 'void automation.greet(Int count, String who, bool loud)\n{\n  info who + count + loud;\n}',
    args: { count: '3', who: 'Ann', loud: true },
    out: ['Ann3true'],
  },
  { name: 'header with return type and no params', src: 'string standalone.ping()\n{\n  return "pong";\n}', ret: 'pong' },
  { name: 'header without namespace', src: 'map build(String k)\n{\n  return {k:1};\n}', args: { k: 'x' }, ret: { x: 1 } },
  {
    name: 'button. / related_list. prefixes and date params',
    src: 'string related_list.show(date d, list items)\n{\n  return d + ":" + items.size();\n}',
    args: { d: '2024-01-01', items: [1, 2] },
    ret: '2024-01-01:2',
  },
  { name: 'input.<arg> reads an argument', src: 'rid = input.id.toLong();\ninfo rid + 1;', args: { id: '41' }, out: ['42'] },
  { name: 'one-line braces with else', src: 'n = 2;\nif(n > 1){ info "big"; }else{ info "small"; }', out: ['big'] },
  { name: 'brace on the same line as for each', src: 'for each v in {1,2}{\n\tinfo v;\n}', out: ['1', '2'] },
  { name: 'double space after for each', src: 'for each  v in {"a"}\n{\n\tinfo v;\n}', out: ['a'] },
  {
    name: 'nested if() expression guarding null',
    src: 'rec = {"Owner":null};\nname = if(rec.get("Owner") != null, rec.get("Owner").get("name"), "nobody");\ninfo name;',
    out: ['nobody'],
  },
  { name: 'list of one map inside a map', src: 'v = "x";\nbody = {"data":{{"Field":v}}};\ninfo body;', out: ['{"data":[{"Field":"x"}]}'] },
  { name: 'brace list around a map variable', src: 'm = {"a":1};\nwrap = {"data":{m}};\ninfo wrap;', out: ['{"data":[{"a":1}]}'] },
  { name: 'trigger option list', src: 'opt = {"trigger":{"workflow","blueprint","approval"}};\ninfo opt.get("trigger").size();', out: ['3'] },
  { name: 'map literal with number keys', src: 'days = {1:31,2:28,3:31};\ninfo days.get(2);', out: ['28'] },
  {
    name: 'single-quoted keys and values',
    src: "r = Map();\nr.put('status','error');\ninfo r;\nw = '';\ninfo w.isEmpty();",
    out: ['{"status":"error"}', 'true'],
  },
  {
    name: 'UTF-8 BOM, CRLF and non-breaking-space indentation',
    src: '\ufeffx = 1;\r\nif (x == 1)\r\n{\r\n\u00a0\u00a0info "crlf";\r\n}\r\n',
    out: ['crlf'],
  },
  {
    name: 'escaped quotes and regex escapes in text',
    src: 'html = "<a href=\\"x\\">";\ninfo html;\ninfo "${!Leads.Name}".replaceAll("\\$\\{!Leads.Name\\}", "Ann");',
    out: ['<a href="x">', 'Ann'],
  },
  {
    name: 'case-insensitive built-ins and literals',
    src: 'm = map();\nl = list();\nm.put("k", NULL);\ninfo ifNull(m.get("k"), True);\ninfo "{\\"a\\":2}".getJSon("a");\ninfo m.containKey("k");\ninfo l.tostring() == "";',
    out: ['true', '2', 'true', 'true'],
  },
  { name: 'return True and statements after return', src: 'if (true)\n{\n  return True;\n}\ninfo "never";', ret: true, out: [] },
  { name: 'bare return', src: 'info 1;\nreturn;', out: ['1'], ret: null },
  {
    name: 'Java date patterns',
    src: 'd = "01-02-2024 30:10".toDateTime("MM-dd-yyyy mm:HH");\ninfo d.toString("yyyy-MM-dd\'T\'HH:mm:ssXXX");\ninfo "13/01/2026 17:16:50".toTime("dd/MM/yyyy HH:mm:ss").toString("EEEE");',
    out: ['2024-01-02T10:30:00Z', 'Tuesday'],
  },
  { name: 'leftPad controller loop idiom', src: 'n = 0;\nfor each index i in "".leftpad(5).toList("")\n{\n  n = n + i;\n}\ninfo n;', out: ['10'] },
  {
    name: 'zoho.currenttime arithmetic',
    src: 'info zoho.currenttime.addMinutes(15).toString("HH:mm");\ninfo today.addDay(0);',
    out: ['05:21', '04-Mar-2025'],
  },
  { name: 'compound assignment and modulo', src: 'c = 10;\nc += 5;\ninfo c % 4;', out: ['3'] },
  {
    name: 'try/catch that logs and returns the error',
    src: 'try\n{\n  x = {"a":1}.get("b").get("c");\n}\ncatch (e)\n{\n  info e;\n  return e.message;\n}',
    ret: '`{"a":1}.get("b")` is null: cannot call get("c") at line 3',
    out: ['`{"a":1}.get("b")` is null: cannot call get("c") at line 3'],
  },
  {
    name: 'banner block comments and trailing comments',
    src: '/* ---------- SETUP ---------- */\nx = 1; // one\n/*\n * multi\n */\ninfo x; /* trailing */',
    out: ['1'],
  },
  { name: 'toString(value) as a function', src: 'info toString({1,2}).replaceAll(",", "/");', out: ['1/2'] },
  { name: 'indexOf with a start position', src: 's = "(Day 3) then (Day 9)";\ninfo s.indexOf("(", 1);', out: ['13'] },
  {
    name: 'keyword-like variable names',
    src: 'start = 1;\nend = 3;\ntype = "t";\nurl = "u";\ncase = start + end;\ninfo case + type + url;',
    out: ['4tu'],
  },
  { name: 'parenthesised info', src: 'info ("x" + 1);', out: ['x1'] },
  {
    name: 'long else-if chain',
    src:
      'v = 57;\nr = "";\n' + Array.from({ length: 60 }, (_, i) => `${i === 0 ? '' : 'else '}if(v == ${i}) { r = "${i}"; }`).join('\n') + '\ninfo r;',
    out: ['57'],
  },
  {
    name: 'deep method chains',
    src: 'resp = {"data":{{"details":{"id":"9"}}}};\ninfo resp.get("data").get(0).get("details").get("id");',
    out: ['9'],
  },
  { name: 'multi-character toList separator', src: 'info "a|||b|||c".toList("|||").get(2);', out: ['c'] },
  { name: 'list index given as text', src: 'info {"x","y"}.get("1");', out: ['y'] },
  {
    name: "single '=' compares inside if and else-if conditions",
    src: 'n = 2;\nif(n = 1)\n{\n  info "one";\n}\nelse if(n.toString() = "2" && n + 1 = 3 || false)\n{\n  info "two";\n}\ninfo n;',
    out: ['two', '2'],
  },
  {
    name: "single '=' beside '==' and '!=' in one condition",
    src: 'tags = {"x","y"};\nif(tags.size() = 2 && tags.get(0) == "x" && tags.get(1) != "x")\n{\n  info "match";\n}',
    out: ['match'],
  },
  {
    name: 'len() and equals() on text',
    src: 'code = "AB-7";\ninfo code.len();\ninfo code.equals("AB-7") + "/" + code.equals("ab-7");',
    out: ['4', 'true/false'],
  },
  { name: 'size() as a function on a list and a map', src: 'ids = List();\nids.add(4);\ninfo size(ids) + size({"a":1,"b":2});', out: ['3'] },
  {
    name: 'toString with a separator joins a list, as function and as method',
    src: 'parts = {"(A:equals:1)","(B:equals:2)"};\ninfo toString(parts, " or ");\ninfo parts.toString("|");',
    out: ['(A:equals:1) or (B:equals:2)', '(A:equals:1)|(B:equals:2)'],
  },
  {
    name: 'hexToText builds control characters',
    src: 'nl = hexToText("0A");\ninfo ("x" + nl + "y").toList(nl).size();\ninfo hexToText("C3A9");',
    out: ['2', '\u00e9'],
  },
  {
    name: 'size() of text is refused clearly',
    src: 'n = 1;\ninfo size("abc");',
    err: { code: 'DELUGE_RUNTIME', line: 2, msg: 'size: expected a list or map, got text' },
  },
  {
    name: 'hexToText refuses odd or non-hex digits',
    src: 'info hexToText("0G");',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'hexToText: "0G" is not an even number of hexadecimal digits' },
  },
  {
    name: 'invokeurl forms parse: same-line bracket, spaced colons, bare media type, no assignment',
    src: 'if (false)\n{\n  r = invokeurl[\n    url : "https://a.example/x"\n    type : POST\n    parameters : {"a":1}.toString()\n    content-type: application/json\n  ];\n  invokeUrl\n  [\n    url: "https://a.example/y"\n    type: GET\n  ];\n}\ninfo "parsed";',
    out: ['parsed'],
  },
];

const diagnostics: Array<{ name: string; src: string; line: number; message: string | RegExp }> = [
  {
    name: "'=' outside an if condition still assigns, so it cannot sit inside an expression",
    src: 'a = 1;\nb = (a = 1);',
    line: 2,
    message: "expected ')' to close the '(' at line 2, found '='",
  },
  {
    name: 'Creator hide/show/alert',
    src: 'hide Date_of_Birth;',
    line: 1,
    message: "'hide' is Zoho Creator syntax, not available in Bigin functions",
  },
  {
    name: 'Creator alert',
    src: 'if (true)\n{\n  alert "x";\n}',
    line: 3,
    message: "'alert' is Zoho Creator syntax, not available in Bigin functions",
  },
  {
    name: 'Creator input assignment',
    src: 'input.Notes = "x";',
    line: 1,
    message: 'assigning input.Notes is Zoho Creator syntax, not available in Bigin functions',
  },
  {
    name: 'Creator form fetch',
    src: 'rows = Orders[Code == "x"];',
    line: 1,
    message: 'the form fetch Orders[criteria] is Zoho Creator syntax, not available in Bigin functions',
  },
  {
    name: 'client-script JavaScript',
    src: 'let x = ZDK.Page.getField("A");',
    line: 1,
    message: "expected ';' at the end of the statement, found 'x'",
  },
  { name: 'pseudo-code ellipsis', src: 'd = {"data":[{"id":1}, ...]};', line: 1, message: /expected a value, found '\.'/ },
];

describe('constructs found in published scripts (own snippets)', () => {
  for (const c of runs) it(c.name, () => check(c));

  it('sendmail blocks parse without a closing semicolon and fail clearly at run time', async () => {
    const src =
      'sendmail\n[\n\tfrom :zoho.adminuserid\n\tto :"a@example.com"\n\tcc:"b@example.com"\n\tsubject :"Hi"\n\tmessage :"<b>x</b>"\n\tcontent type :HTML\n]\ninfo "after";';
    expect(parseDeluge(src).errors).toEqual([]);
    await check({ name: 'sendmail', src, err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'sendmail is not supported here' } });
  });

  for (const d of diagnostics) {
    it(`clear error: ${d.name}`, () => {
      const [e] = parseDeluge(d.src).errors;
      expect(e?.line).toBe(d.line);
      if (typeof d.message === 'string') expect(e?.message).toBe(d.message);
      else expect(e?.message).toMatch(d.message);
    });
  }
});
