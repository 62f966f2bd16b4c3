/**
 * Runtime behaviour published scripts rely on, each checked against Zoho's help pages (cited per
 * case); where a page is silent, docs/deluge.md records the choice.
 */
import { describe, it } from 'vitest';
import { check, type Snippet } from './helpers.ts';

const forEachText: Snippet[] = [
  // https://zoho.com/deluge/help/list-manipulations/for-each-element.html: "iterates through all
  // the elements present in a list, comma-separated text, or a CSV file".
  {
    name: 'for each over comma-separated text iterates its parts (zoho.com/deluge/help/list-manipulations/for-each-element.html)',
    src: 'for each p in "red,green,blue" { info p; }',
    out: ['red', 'green', 'blue'],
  },
  {
    name: 'for each over repeat(",", n) runs n + 1 times (zoho.com/deluge/help/functions/string/repeat.html)',
    src: 'n = 0;\nfor each i in repeat(",", 4) { n = n + 1; }\ninfo n;',
    out: ['5'],
  },
  { name: 'for each index over text counts its parts', src: 'for each index i in "a,b" { info i; }', out: ['0', '1'] },
  { name: 'for each over empty text runs no iteration', src: 'for each p in "" { info p; }\ninfo "done";', out: ['done'] },
  { name: 'parts keep their spaces, as written', src: 'for each p in "a, b" { info "[" + p + "]"; }', out: ['[a]', '[ b]'] },
];

const dateAsText: Snippet[] = [
  {
    name: 'zoho.currenttime.getPrefix(" ") reads the date-time in its text form',
    src: 'info zoho.currenttime.getPrefix(" ");',
    out: ['04-Mar-2025'],
  },
  { name: 'today.toString().left(6) and today.left(6) agree', src: 'info today.toString().left(6);\ninfo today.left(6);', out: ['04-Mar', '04-Mar'] },
  { name: 'a date-time answers length() and contains() as text', src: 'info now.length();\ninfo now.contains("2025");', out: ['20', 'true'] },
  { name: 'date methods still win over text ones', src: 'info today.addDay(1);', out: ['05-Mar-2025'] },
];

const collections: Snippet[] = [
  // https://zoho.com/deluge/help/functions/collection/clear.html creates
  // collection("Deluge" : 5, "CRM" : 2, "Mail" : 8) and prints it cleared as {}.
  {
    name: 'Collection("a":"1","b":"2") is a key-value collection (zoho.com/deluge/help/functions/collection/clear.html)',
    src: 'c = Collection("a":"1","b":"2");\ninfo c.get("b");\ninfo c;\nc.clear();\ninfo c;',
    out: ['2', '{"a":"1","b":"2"}', '{}'],
  },
  {
    name: 'Collection("a","b") is a list of its elements',
    src: 'c = Collection("a","b");\ninfo c.get(1);\ninfo c.size();\ninfo c;',
    out: ['b', '2', 'a,b'],
  },
  {
    name: 'Collection({"k":1}) is a list holding one map',
    src: 'c = Collection({"k":1});\ninfo c.size();\ninfo c.get(0).get("k");',
    out: ['1', '1'],
  },
  { name: 'collection() in lower case, empty, is an empty list', src: 'c = collection();\nc.add(1);\ninfo c;', out: ['1'] },
];

// Java DecimalFormat patterns: https://docs.oracle.com/javase/8/docs/api/java/text/DecimalFormat.html
const numberPatterns: Snippet[] = [
  {
    name: 'toString("#,##0.00") groups thousands and keeps two decimals',
    src: 'info 1234567.891.toString("#,##0.00");\ninfo 0.5.toString("#,##0.00");',
    out: ['1,234,567.89', '0.50'],
  },
  {
    name: 'toString("$#,##0.00") keeps the currency prefix, the minus goes first',
    src: 'x = -1234.5;\ninfo 1234.5.toString("$#,##0.00");\ninfo x.toString("$#,##0.00");',
    out: ['$1,234.50', '-$1,234.50'],
  },
  {
    name: 'toString("0%") multiplies by 100, "0\u2030" by 1000',
    src: 'info 0.256.toString("0%");\ninfo 1.toString("0%");\ninfo 0.5.toString("0\u2030");',
    out: ['26%', '100%', '500\u2030'],
  },
  {
    name: 'an unclosed quote in a number pattern is a clear error',
    src: 'info 5.toString("\'#0");',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'toString: the number pattern "\'#0" opens a quote it never closes' },
  },
  {
    name: 'toString("0.###") drops trailing zeros',
    src: 'info 3.14159.toString("0.###");\ninfo 2.toString("0.###");\ninfo 2.5.toString("0.###");',
    out: ['3.142', '2', '2.5'],
  },
  {
    name: 'rounding is HALF_EVEN on the exact value, as DecimalFormat',
    src: 'info 0.125.toString("0.00");\ninfo 2.5.toString("0");\ninfo 3.5.toString("0");',
    out: ['0.12', '2', '4'],
  },
  {
    name: 'a negative sub-pattern and quoted text',
    src: 'x = -5;\ninfo x.toString("#,##0.00;(#,##0.00)");\ninfo 7.toString("\'#\'0");',
    out: ['(5.00)', '#7'],
  },
  {
    name: 'numeric text formats as a number; date text still as a date',
    src: 'info "1234.5".toString("#,##0.00");\ninfo "2024-01-05".toString("dd/MM/yyyy");',
    out: ['1,234.50', '05/01/2024'],
  },
  {
    name: 'a pattern without digits is a clear error',
    src: 'info 5.toString("abc");',
    err: { code: 'DELUGE_RUNTIME', line: 1, msg: 'toString: "abc" is not a number pattern (it needs at least one 0 or #)' },
  },
];

// https://www.zoho.com/creator/newhelp/script/built-in-functions/built-in-function-common-totime.html:
// the value is returned "(converted to) timezone as specified in application settings"; here the
// organization's zone is UTC (docs/deluge.md).
const offsets: Snippet[] = [
  {
    name: 'a UTC offset in the text is honoured and the time converted to the org zone',
    src: 'd = "2022-07-20 17:21:37-05:00".toDateTime();\ninfo d;\ninfo d.getHour();',
    out: ['20-Jul-2022 22:21:37', '22'],
  },
  {
    name: "the same instant shown back in the writer's zone",
    src: 'd = "2022-07-20T17:21:37+05:30".toDateTime();\ninfo d.toString("yyyy-MM-dd HH:mm:ss", "GMT+05:30");\ninfo d;',
    out: ['2022-07-20 17:21:37', '20-Jul-2022 11:51:37'],
  },
  {
    name: 'two texts with different offsets for one instant are equal',
    src: 'info "2022-07-20 17:21:37-05:00".toDateTime() == "2022-07-20 22:21:37Z".toDateTime();',
    out: ['true'],
  },
];

const division: Snippet[] = [
  // https://www.zoho.com/creator/newhelp/script/operators.html: whole numbers stay whole; "If a
  // Double is used, the result is a Double".
  {
    name: '7 / 2 of two whole numbers is 3 (zoho.com/creator/newhelp/script/operators.html)',
    src: 'info 7 / 2;\ninfo -7 / 2;\nx = 9; x /= 2; info x;',
    out: ['3', '-3', '4'],
  },
  {
    name: 'a decimal operand keeps the fraction',
    src: 'info 7 / 2.0;\ninfo 7.0 / 2;\nn = 7;\ninfo n.toDecimal() / 2;\ninfo (n * 1.0) / 2;',
    out: ['3.5', '3.5', '3.5', '3.5'],
  },
  { name: 'a decimal value divides as a decimal', src: 'a = 7.5;\ninfo a / 2;', out: ['3.75'] },
];

describe('Deluge runtime behaviour published scripts rely on', () => {
  for (const [group, cases] of Object.entries({ forEachText, dateAsText, collections, numberPatterns, offsets, division })) {
    describe(group, () => {
      for (const c of cases) it(c.name, () => check(c));
    });
  }
});
