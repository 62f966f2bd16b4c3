import { describe, expect, it } from 'vitest';
import { parseDeluge } from '../../../src/engine/deluge/index.ts';
import { check, exec, type Snippet } from './helpers.ts';

const runtime: Snippet[] = [
  {
    name: 'method on null names the variable',
    src: 'booksData = null;\nx = booksData.get(0);',
    err: { code: 'DELUGE_RUNTIME', line: 2, msg: '`booksData` is null: cannot call get(0) at line 2' },
  },
  {
    name: 'undefined variable',
    src: 'info 1;\ninfo missing + 1;',
    err: { code: 'DELUGE_RUNTIME', line: 2, column: 6, msg: 'variable `missing` is not defined' },
  },
  {
    name: 'list index out of range',
    src: 'l = {1};\nl.get(5);',
    err: { code: 'DELUGE_RUNTIME', line: 2, msg: 'get(5): index 5 is out of range for a List of size 1' },
  },
  { name: 'unknown method', src: 'm = Map();\nm.frobnicate();', err: { code: 'DELUGE_RUNTIME', line: 2, msg: 'Map has no method frobnicate()' } },
  {
    name: 'wrong argument count',
    src: '"abc".subString();',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'subString() takes 1 to 2 arguments, got 0' },
  },
  { name: 'division by zero', src: 'x = 0;\ny = 10 / x;', err: { code: 'DELUGE_RUNTIME', line: 2, msg: 'division by zero' } },
  {
    name: 'non-boolean condition',
    src: 'x = "yes";\nif (x) { info 1; }',
    err: { code: 'DELUGE_RUNTIME', line: 2, msg: '`x` is Text "yes", not a Boolean' },
  },
  { name: 'null in arithmetic', src: 'x = null;\ny = x * 2;', err: { code: 'DELUGE_RUNTIME', line: 2, msg: "`x` is null: cannot use it with '*'" } },
  {
    name: 'for each over null',
    src: 'rows = null;\nfor each r in rows { }',
    err: { code: 'DELUGE_RUNTIME', line: 2, msg: '`rows` is null: cannot loop over it' },
  },
  {
    name: 'for each over map',
    src: 'for each r in {"a":1} { }',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'is a Map, not a List: loop over .keys() instead' },
  },
  { name: 'bad number conversion', src: 'x = "12a".toNumber();', err: { code: 'DELUGE_RUNTIME', line: 1, msg: '"12a" is not a number' } },
  { name: 'bad date', src: 'x = "soon".toDate();', err: { code: 'DELUGE_RUNTIME', line: 1, msg: '"soon" is not a date' } },
  { name: 'invalid regex', src: 'x = "a".replaceAll("(", "");', err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'is not a valid regular expression' } },
  {
    name: 'unsupported integration task',
    src: 'r = zoho.crm.getRecordById("Leads", 1);',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'zoho.crm.getRecordById() is not available here' },
  },
  {
    name: 'calling another function',
    src: 'standalone.doThing(1);',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'calling other functions is not supported' },
  },
  { name: 'getUrl is legacy', src: 'x = getUrl("https://example.com");', err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'use invokeurl' } },
  {
    name: 'Creator openUrl() call',
    src: 'openUrl("https://example.com", "same window");',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'openUrl() is Zoho Creator syntax, not available in Bigin functions' },
  },
  { name: 'unknown function', src: 'x = frob(1);', err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'unknown function frob()' } },
  { name: 'map property access', src: 'm = {"a":1};\nx = m.a;', err: { code: 'DELUGE_RUNTIME', line: 2, msg: 'use m.get("a")' } },
  {
    name: 'map that contains itself',
    src: 'm = Map();\nm.put("self", m);\ninfo m;',
    err: { code: 'DELUGE_RUNTIME', line: 3, msg: 'does a map contain itself' },
  },
  {
    name: 'sendmail is refused clearly',
    src: 'sendmail [ from: "a@b.c" to: "d@e.f" subject: "s" message: "m" ];',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'sendmail is not supported here' },
  },
  { name: 'break outside loop', src: 'info 1;\nbreak;', err: { code: 'DELUGE_SYNTAX', line: 2, msg: "'break' outside a 'for each' loop" } },
  {
    name: 'uncaught error after try/catch',
    src: 'try { x = 1; } catch (e) { }\nnull.size();',
    err: { code: 'DELUGE_RUNTIME', line: 2, msg: '`null` is null: cannot call size()' },
  },
  {
    name: 'declared int argument rejects text',
    src: 'void f(int id) { info id; }',
    args: { id: 'abc' },
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'argument `id` is declared int but got Text' },
  },
];

const limits: Snippet[] = [
  {
    name: 'statement limit (default 5000)',
    src: 'l = "x".leftPad(6000).toList("");\nfor each a in l {\n  y = 1;\n}',
    err: { code: 'DELUGE_LIMIT', line: 3, msg: 'more than 5000 statements' },
  },
  {
    name: 'custom statement limit',
    src: 'a = 1;\nb = 2;\nc = 3;',
    limits: { maxStatements: 2 },
    err: { code: 'DELUGE_LIMIT', line: 3, msg: 'more than 2 statements' },
  },
  {
    name: 'limit cannot be caught',
    src: 'try {\n  for each a in "x".leftPad(100).toList("") { y = 1; }\n} catch (e) { info "caught"; }',
    limits: { maxStatements: 50 },
    out: [],
    err: { code: 'DELUGE_LIMIT', line: 2, msg: 'more than 50 statements' },
  },
  {
    name: 'nesting depth',
    src: 'x = ' + '('.repeat(60) + '1' + ')'.repeat(60) + ';',
    limits: { maxDepth: 50 },
    err: { code: 'DELUGE_SYNTAX', line: 1, msg: 'nesting is deeper than 50 levels' },
  },
];

describe('runtime errors carry code, line and the value involved', () => {
  for (const c of runtime) it(c.name, () => check(c));
});

describe('limits', () => {
  for (const c of limits) it(c.name, () => check(c));
  it('counts statements', async () => {
    const { r } = await exec('a = 1; for each x in {1,2,3} { b = x; }');
    expect(r.ok && r.statements).toBe(5);
  });
});

describe('syntax diagnostics', () => {
  const diag = (src: string) => parseDeluge(src).errors;

  it('reports line, column and a caret excerpt', () => {
    const [e] = diag('x = 1;\ny = (2 + ;\n');
    expect(e).toMatchObject({ code: 'DELUGE_SYNTAX', line: 2, column: 10, message: "expected a value, found ';'" });
    expect(e?.excerpt).toBe('y = (2 + ;\n         ^');
  });

  it('reports several independent errors in one pass', () => {
    const errors = diag('a = ;\nb = 2;\nc = (;\nif (x { }\ninfo "ok";');
    expect(errors.map((e) => e.line)).toEqual([1, 3, 4]);
  });

  it('missing semicolon points after the statement', () => {
    const [e] = diag('x = 1\ny = 2;');
    expect(e).toMatchObject({ line: 1, column: 6, message: "expected ';' at the end of the statement" });
  });

  it('unterminated text', () => {
    const [e] = diag('x = "abc;\n');
    expect(e).toMatchObject({ line: 1, column: 5, message: 'text opened with " at line 1 is never closed (is a closing " missing?)' });
  });

  it('unclosed block names where it opened', () => {
    const errors = diag('if (true)\n{\n  info 1;\n');
    expect(errors.at(-1)).toMatchObject({ line: 2, column: 1, message: "the '{' opened at line 2 is never closed with '}'" });
  });

  it('stray closing brace', () => {
    expect(diag('info 1;\n}\n')[0]).toMatchObject({ line: 2, column: 1, message: "unexpected '}': there is no open block to close" });
  });

  it('unexpected character', () => {
    expect(diag('x = 1 # 2;')[0]).toMatchObject({ line: 1, column: 7, message: "unexpected character '#' (U+0023)" });
  });

  it('else without if', () => {
    expect(diag('info 1;\nelse { }')[0]).toMatchObject({ line: 2, column: 1, message: "'else' without a matching 'if'" });
  });

  it('while loops are explained', () => {
    expect(diag('while (true) { }')[0]?.message).toBe("'while' loops do not exist in Deluge; use 'for each'");
  });

  it('for without each', () => {
    expect(diag('for x in l { }')[0]?.message).toContain("expected 'each' after 'for'");
  });

  it('if-expression arity', () => {
    expect(diag('x = if(a, b);')[0]?.message).toBe('if(...) used as a value takes 3 arguments (condition, then, else), found 2');
  });

  it('unknown invokeurl attribute', () => {
    expect(diag('r = invokeurl [ url: "https://a.b" methd: GET ];')[0]?.message).toMatch(/^unknown invokeurl attribute 'methd'/);
  });

  it('duplicate invokeurl attribute', () => {
    expect(diag('r = invokeurl [ url: "https://a.b" url: "https://c.d" ];')[0]?.message).toBe("'url' is given twice in invokeurl");
  });

  it('Creator-only statements get a clear error', () => {
    expect(diag('insert into Orders [ Name = "x" ];')[0]?.message).toBe("'insert into' is Zoho Creator syntax, not available in Bigin functions");
    expect(diag('x = Orders[ID == 1];')[0]?.message).toBe('the form fetch Orders[criteria] is Zoho Creator syntax, not available in Bigin functions');
    expect(diag('input.Name = "x";')[0]?.message).toBe('assigning input.Name is Zoho Creator syntax, not available in Bigin functions');
    expect(diag('cancel submit;')[0]?.message).toBe("'cancel submit' is Zoho Creator syntax, not available in Bigin functions");
    expect(diag('row.Status = "Done";')[0]?.message).toBe(
      'assigning a record field (row.Status = …) is Zoho Creator syntax, not available in Bigin functions',
    );
  });

  it('assignment to a non-variable', () => {
    expect(diag('m.get("a") = 1;')[0]?.message).toBe('only a variable name can stand on the left of =');
  });

  it('a second function header is reported', () => {
    expect(diag('void a() { }\nvoid b() { }')[0]).toMatchObject({
      line: 2,
      message: 'only one function per script: a second function header starts here',
    });
  });

  it('runDeluge reports the first syntax error with a count', async () => {
    const { r } = await exec('a = ;\nb = ;');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_SYNTAX', line: 1, column: 5, message: "expected a value, found ';' at line 1 (and 1 more)" },
    });
  });
});
