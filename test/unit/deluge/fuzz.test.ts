import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyTokens, parseDeluge, runDeluge, type DelugeRunResult } from '../../../src/engine/deluge/index.ts';
import { FakeZoho } from './fake-zoho.ts';

const CODES = ['DELUGE_SYNTAX', 'DELUGE_RUNTIME', 'DELUGE_LIMIT', 'DELUGE_TIMEOUT', 'DELUGE_HTTP'];
const FRAGMENTS = [
  'x',
  'y',
  'm',
  'l',
  '=',
  '==',
  '!=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&&',
  '||',
  '!',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  ';',
  ':',
  '.',
  '"t"',
  "'q'",
  '"',
  '1',
  '0',
  '2.5',
  'null',
  'true',
  'if',
  'else',
  'for each',
  'index',
  'in',
  'break',
  'continue',
  'return',
  'info',
  'try',
  'catch',
  'Map()',
  'List()',
  '.get(',
  '.put(',
  '.add(',
  '.size()',
  '.toString()',
  '.subString(',
  '.toList(',
  '.sort()',
  '.keys()',
  'ifnull(',
  'if(',
  'invokeurl',
  'url:',
  'type:',
  'GET',
  'parameters:',
  'zoho.bigin.getRecordById(',
  'zoho.currenttime',
  '//',
  '/*',
  '*/',
  '\n',
  ' ',
  '\r\n',
  '\u00a0',
  '\ufeff',
  '#',
  '@',
  'void',
  'standalone.f(',
  'int',
  'e.message',
  '+=',
  '\\',
  'leftPad(',
  '{"a":1}',
  '{1,2}',
  'not',
  'invokeapi',
  'service:',
  'path:',
  '"books"',
  '"/books/v3/contacts"',
  'sendmail',
  'to:',
  'Attachments:',
  'file:',
  'template:',
  'as',
  'PDF',
  'record:',
  'Collection(',
  '"k":',
  '.toString("#,##0.00")',
  '"a,b"',
  'input.',
  'insert into',
  '"x\n',
];
const soup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join(' '));
const anyText = fc.string({ unit: 'binary', maxLength: 200 });

function assertPositioned(r: DelugeRunResult, src: string): void {
  if (r.ok) return;
  expect(CODES).toContain(r.error.code);
  expect(r.error.message.length).toBeGreaterThan(0);
  expect(r.error.line).toBeGreaterThanOrEqual(1);
  expect(r.error.line).toBeLessThanOrEqual(src.split('\n').length + 1);
  expect(r.error.column).toBeGreaterThanOrEqual(1);
}

describe('no input crashes the parser or the runtime', () => {
  it('the parser returns positioned diagnostics for arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, soup), (src) => {
        const { errors } = parseDeluge(src);
        for (const e of errors) {
          expect(e.code).toBe('DELUGE_SYNTAX');
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.excerpt).toContain('^');
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('the highlighter covers arbitrary text without overlap', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, soup), (src) => {
        let last = 0;
        for (const t of classifyTokens(src)) {
          expect(t.from).toBeGreaterThanOrEqual(last);
          expect(t.to).toBeGreaterThan(t.from);
          last = t.to;
        }
        expect(last).toBeLessThanOrEqual(src.length);
      }),
      { numRuns: 500 },
    );
  });

  it('running token soup always resolves, with a positioned error when it fails', async () => {
    await fc.assert(
      fc.asyncProperty(soup, async (src) => {
        const host = new FakeZoho();
        const r = await runDeluge(src, {
          host,
          args: { x: 1, l: [1, 2], m: { a: 'b' } },
          limits: { maxStatements: 500, timeoutMs: 1000, requestTimeoutMs: 50 },
        });
        assertPositioned(r, src);
      }),
      { numRuns: 600 },
    );
  });

  it('well-formed programs over random values never throw out of runDeluge', async () => {
    const value = fc.oneof(
      fc.constant('null'),
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => `(${d})`),
      fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
      fc.constant('{"k":[1,"2"]}'),
      fc.constant('{1,"a"}'),
      fc.constant('true'),
      fc.constant('"a,b,c"'),
      fc.constant('Collection("k":1)'),
      fc.constant('now'),
    );
    const op = fc.constantFrom('+', '-', '*', '/', '%', '==', '<', '&&', '||', 'in', 'not in');
    const method = fc.constantFrom(
      'get(0)',
      'size()',
      'toString()',
      'toList(",")',
      'trim()',
      'keys()',
      'toNumber()',
      'subString(1,2)',
      'isEmpty()',
      'toDate()',
      'add(1)',
      'put("a",1)',
      'toString("#,##0.00")',
      'toString("0%;(0)")',
      'getPrefix(",")',
      'left(2)',
    );
    const stmt = fc.oneof(
      fc.tuple(value, op, value).map(([a, o, b]) => `x = ${a} ${o} ${b};`),
      fc.tuple(value, method).map(([a, m]) => `y = (${a}).${m};`),
      fc.tuple(value, value).map(([a, b]) => `if (${a} == ${b}) { info ${a}; } else { info ${b}; }`),
      fc.tuple(value).map(([a]) => `for each v in ${a} { info v; }`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(stmt, { minLength: 1, maxLength: 8 }), async (lines) => {
        const src = lines.join('\n');
        const r = await runDeluge(src, { host: new FakeZoho(), limits: { maxStatements: 1000 } });
        assertPositioned(r, src);
        if (!r.ok) expect(r.error.code).not.toBe('DELUGE_SYNTAX');
      }),
      { numRuns: 600 },
    );
  });

  it('deep nesting is an error, not a stack overflow', async () => {
    for (const src of [
      'x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ';',
      'if (true) {'.repeat(3000) + '}'.repeat(3000),
      'x = ' + '{'.repeat(4000),
      'x = ' + '-'.repeat(5000) + '1;',
      'x = ' + Array(20000).fill('1').join(' + ') + ';',
    ]) {
      const r = await runDeluge(src, { host: new FakeZoho() });
      assertPositioned(r, src);
    }
  });
});
