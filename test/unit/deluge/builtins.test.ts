import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDeluge } from '../../../src/engine/deluge/index.ts';
import { FakeZoho } from './fake-zoho.ts';
import { check, type Snippet } from './helpers.ts';

const text: Snippet[] = [
  { name: 'length', src: 'info "hello".length();', out: ['5'] },
  { name: 'toUpperCase / toLowerCase', src: 's = "MiXed"; info s.toUpperCase(); info s.toLowerCase();', out: ['MIXED', 'mixed'] },
  { name: 'trim', src: 'info "[" + "  a b  ".trim() + "]";', out: ['[a b]'] },
  { name: 'proper', src: 'info "jane DOE smith".proper();', out: ['Jane Doe Smith'] },
  { name: 'contains / notContains', src: 's = "abcdef"; info s.contains("cd"); info s.notContains("cd");', out: ['true', 'false'] },
  { name: 'containsIgnoreCase', src: 'info "Hello".containsIgnoreCase("ELL");', out: ['true'] },
  { name: 'startsWith / endsWith', src: 's = "invoice-42"; info s.startsWith("inv"); info s.endsWith("42");', out: ['true', 'true'] },
  { name: 'equalsIgnoreCase', src: 'info "ABC".equalsIgnoreCase("abc");', out: ['true'] },
  { name: 'indexOf / lastIndexOf', src: 's = "a.b.c"; info s.indexOf("."); info s.lastIndexOf("."); info s.indexOf("z");', out: ['1', '3', '-1'] },
  { name: 'getOccurence', src: 'info "banana".getOccurence("a");', out: ['3'] },
  { name: 'matches', src: 'info "2024-01-05".matches("\\\\d{4}-\\\\d{2}-\\\\d{2}"); info "x2024".matches("\\\\d+");', out: ['true', 'false'] },
  { name: 'subString', src: 'info "abcdef".subString(1, 4); info "abcdef".substring(2);', out: ['bcd', 'cdef'] },
  { name: 'left / right / mid', src: 's = "abcdef"; info s.left(2); info s.right(3); info s.mid(1, 3);', out: ['ab', 'def', 'bcd'] },
  { name: 'getPrefix / getSuffix', src: 's = "user@example.com"; info s.getPrefix("@"); info s.getSuffix("@");', out: ['user', 'example.com'] },
  { name: 'getPrefix missing is null', src: 'info "abc".getPrefix("@") == null;', out: ['true'] },
  { name: 'replaceAll regex', src: 'info "a1b22c".replaceAll("[0-9]+", "#");', out: ['a#b#c'] },
  { name: 'replaceAll plain text flag', src: 'info "1.2.3".replaceAll(".", "-", true);', out: ['1-2-3'] },
  { name: 'replaceFirst', src: 'info "aaa".replaceFirst("a", "b");', out: ['baa'] },
  { name: 'remove', src: 'info "a-b-c".remove("-");', out: ['abc'] },
  {
    name: 'removeFirstOccurence / removeLastOccurence',
    src: 's = "x,y,z,"; info s.removeFirstOccurence(","); info s.removeLastOccurence(",");',
    out: ['xy,z,', 'x,y,z'],
  },
  { name: 'leftPad / rightPad', src: 'info "[" + "7".leftPad(3) + "]"; info "[" + "7".rightPad(3) + "]";', out: ['[  7]', '[7  ]'] },
  { name: 'reverse', src: 'info "abc".reverse();', out: ['cba'] },
  { name: 'getAlpha / getAlphaNumeric', src: 's = "a1-b2!"; info s.getAlpha(); info s.getAlphaNumeric();', out: ['ab', 'a1b2'] },
  {
    name: 'removeAllAlpha / removeAllAlphaNumeric',
    src: 's = "a1-b2!"; info s.removeAllAlpha(); info s.removeAllAlphaNumeric();',
    out: ['1-2!', '-!'],
  },
  { name: 'toList with separator', src: 'l = "a;b;c".toList(";"); info l.size(); info l.get(1);', out: ['3', 'b'] },
  { name: 'toList default comma', src: 'info "x,y".toList().get(1);', out: ['y'] },
  { name: 'toMap', src: 'm = "{\\"a\\":{\\"b\\":[1,2]}}".toMap(); info m.get("a").get("b").get(1);', out: ['2'] },
  { name: 'toJSONList', src: 'l = "[{\\"id\\":1},{\\"id\\":2}]".toJSONList(); info l.get(1).get("id");', out: ['2'] },
  { name: 'getJSON on text', src: 'info "{\\"k\\":\\"v\\"}".getJSON("k");', out: ['v'] },
  {
    name: 'toNumber / toLong / toDecimal',
    src: 'info "12".toNumber() + 1; info "12.9".toLong(); info "2.5".toDecimal() * 2;',
    out: ['13', '12', '5'],
  },
  { name: 'isEmpty on text', src: 'info "".isEmpty(); info " ".isEmpty();', out: ['true', 'false'] },
  { name: 'encodeUrl / urlDecode', src: 'e = encodeUrl("a b&c"); info e; info urlDecode(e);', out: ['a%20b%26c', 'a b&c'] },
  { name: 'base64 round trip', src: 'b = base64Encode("héllo"); info b; info base64Decode(b);', out: ['aMOpbGxv', 'héllo'] },
  { name: 'zoho.encryption helpers', src: 'info zoho.encryption.base64Encode("hi"); info zoho.encryption.urlEncode("a/b");', out: ['aGk=', 'a%2Fb'] },
  {
    name: 'method names are case-insensitive',
    src: 'info "ABC".tolowercase(); info "{\\"a\\":1}".getJson("a"); info "x".TOSTRING();',
    out: ['abc', '1', 'x'],
  },
  { name: 'chained calls', src: 'info " A,B ".trim().toLowerCase().toList(",").get(1).toUpperCase();', out: ['B'] },
];

const maps: Snippet[] = [
  { name: 'put / get', src: 'm = Map(); m.put("a", 1); info m.get("a");', out: ['1'] },
  { name: 'put overwrites, order kept', src: 'm = Map(); m.put("a", 1); m.put("b", 2); m.put("a", 3); info m;', out: ['{"a":3,"b":2}'] },
  { name: 'get missing is null', src: 'm = Map(); info m.get("nope") == null;', out: ['true'] },
  { name: 'putAll', src: 'm = {"a":1}; m.putAll({"b":2,"a":9}); info m;', out: ['{"a":9,"b":2}'] },
  { name: 'keys', src: 'info {"x":1,"y":2}.keys();', out: ['x,y'] },
  { name: 'remove', src: 'm = {"x":1,"y":2}; m.remove("x"); info m;', out: ['{"y":2}'] },
  { name: 'size / isEmpty', src: 'm = Map(); info m.isEmpty(); m.put("k", null); info m.size(); info m.isEmpty();', out: ['true', '1', 'false'] },
  { name: 'containsKey / containKey', src: 'm = {"k":1}; info m.containsKey("k"); info m.containKey("z");', out: ['true', 'false'] },
  { name: 'containsValue', src: 'info {"k":"v"}.containsValue("v");', out: ['true'] },
  { name: 'clear', src: 'm = {"k":1}; m.clear(); info m.size();', out: ['0'] },
  {
    name: 'toString compact JSON in insertion order',
    src: 'm = Map(); m.put("z", "t"); m.put("a", 1.5); m.put("n", null); m.put("b", true); m.put("l", {1,"two"}); info m.toString();',
    out: ['{"z":"t","a":1.5,"n":null,"b":true,"l":[1,"two"]}'],
  },
  {
    name: 'nested map JSON',
    src: 'p = {"last_name":"Doe","is_primary_contact":true}; m = {"contact_persons":{p}}; info m.toString();',
    out: ['{"contact_persons":[{"last_name":"Doe","is_primary_contact":true}]}'],
  },
  { name: 'JSON escapes', src: 'info {"q":"a\\"b\\\\c\\n"}.toString();', out: ['{"q":"a\\"b\\\\c\\n"}'] },
  { name: 'lower-case map() / list()', src: 'm = map(); l = list(); l.add(1); m.put("l", l); info m;', out: ['{"l":[1]}'] },
  { name: 'getJSON on map', src: 'info {"a":{"b":1}}.getJSON("a");', out: ['{"b":1}'] },
  { name: 'map keys from numbers', src: 'm = Map(); m.put(1, "one"); info m.get(1); info m.get("1");', out: ['one', 'one'] },
];

const lists: Snippet[] = [
  { name: 'add / get / size', src: 'l = List(); l.add("a"); l.add("b"); info l.size(); info l.get(0);', out: ['2', 'a'] },
  { name: 'addAll', src: 'l = {1}; l.addAll({2,3}); info l;', out: ['1,2,3'] },
  {
    name: 'contains / indexOf / lastIndexOf',
    src: 'l = {"a","b","a"}; info l.contains("b"); info l.indexOf("a"); info l.lastIndexOf("a"); info l.indexOf("z");',
    out: ['true', '0', '2', '-1'],
  },
  { name: 'remove by index returns element', src: 'l = {"a","b","c"}; info l.remove(1); info l;', out: ['b', 'a,c'] },
  { name: 'removeAll', src: 'l = {1,2,3,2}; l.removeAll({2}); info l;', out: ['1,3'] },
  { name: 'sort ascending and descending', src: 'l = {3,1,2}; l.sort(); info l; l.sort(false); info l;', out: ['1,2,3', '3,2,1'] },
  { name: 'sort text', src: 'l = {"pear","apple"}; info l.sort();', out: ['apple,pear'] },
  { name: 'distinct', src: 'info {1,2,1,3,2}.distinct();', out: ['1,2,3'] },
  { name: 'intersect', src: 'info {1,2,3}.intersect({2,3,4});', out: ['2,3'] },
  { name: 'subList', src: 'info {1,2,3,4}.subList(1, 3);', out: ['2,3'] },
  { name: 'isEmpty / clear', src: 'l = {1}; l.clear(); info l.isEmpty();', out: ['true'] },
  { name: 'list toString', src: 'info {"a","b"}.toString();', out: ['a,b'] },
  { name: 'list in map serialises as array', src: 'info {"l":{"a","b"}};', out: ['{"l":["a","b"]}'] },
  { name: 'list of maps toString', src: 'info {{"a":1},{"b":2}}.toString();', out: ['{"a":1},{"b":2}'] },
  { name: 'insert', src: 'l = {1,3}; l.insert(1, 2); info l;', out: ['1,2,3'] },
];

const nulls: Snippet[] = [
  { name: 'ifnull', src: 'x = null; info ifnull(x, "fallback"); info ifnull("v", "fallback");', out: ['fallback', 'v'] },
  { name: 'isNull function and method', src: 'x = null; info isNull(x); info x.isNull(); info "a".isNull();', out: ['true', 'true', 'false'] },
  { name: 'isBlank', src: 'info isBlank("  "); info isBlank(null); info isBlank("a");', out: ['true', 'true', 'false'] },
  { name: 'isEmpty function', src: 'info isEmpty(""); info isEmpty(List()); info isEmpty({"a":1});', out: ['true', 'true', 'false'] },
  { name: 'isEmpty on null', src: 'x = null; info x.isEmpty();', out: ['true'] },
  { name: 'seed-style null guard', src: 'email = null; if (email != null && email != "") { info "has"; } else { info "none"; }', out: ['none'] },
  { name: 'isNull guard with length', src: 'email = "a@b.c"; if (!isNull(email) && email.length() > 0) { info "ok"; }', out: ['ok'] },
];

const dates: Snippet[] = [
  { name: 'zoho.currenttime uses host clock', src: 'info zoho.currenttime;', out: ['04-Mar-2025 05:06:07'] },
  { name: 'zoho.currentdate', src: 'info zoho.currentdate;', out: ['04-Mar-2025'] },
  { name: 'now and today', src: 'info now.toString("yyyy-MM-dd HH:mm"); info today;', out: ['2025-03-04 05:06', '04-Mar-2025'] },
  { name: 'today can be reassigned', src: 'today = "Monday"; info today;', out: ['Monday'] },
  { name: 'toDate from Deluge text', src: "d = '01-Jan-2020'.toDate(); info d; info d.getYear();", out: ['01-Jan-2020', '2020'] },
  { name: 'toDateTime from Deluge text', src: "info '01-Aug-2022 16:59:00'.toDateTime().getHour();", out: ['16'] },
  { name: 'toDate with pattern', src: 'info "31/12/2024".toDate("dd/MM/yyyy").toString("yyyy-MM-dd");', out: ['2024-12-31'] },
  {
    name: 'ISO date-time with offset',
    src: 'd = "2025-01-15T10:21:04+05:30".toDateTime(); info d.toString("yyyy-MM-dd\'T\'HH:mm:ssXXX");',
    out: ['2025-01-15T04:51:04Z'],
  },
  { name: 'toString with time zone', src: 'd = "2025-01-15T10:00:00Z".toDateTime(); info d.toString("HH:mm", "Asia/Kolkata");', out: ['15:30'] },
  {
    name: 'addDay / subDay',
    src: 'd = "2024-02-28".toDate(); info d.addDay(1); info d.addDay(2); info d.subDay(28);',
    out: ['29-Feb-2024', '01-Mar-2024', '31-Jan-2024'],
  },
  { name: 'addMonth clamps', src: 'info "2024-01-31".toDate().addMonth(1);', out: ['29-Feb-2024'] },
  {
    name: 'addYear / addHour',
    src: 'd = "2024-01-01 10:00:00".toDateTime(); info d.addYear(1).getYear(); info d.addHour(3).getHour();',
    out: ['2025', '13'],
  },
  {
    name: 'daysBetween',
    src: 'info daysBetween("2024-01-01".toDate(), "2024-03-01".toDate()); info "2024-01-01".toDate().daysBetween("2024-01-11".toDate());',
    out: ['60', '10'],
  },
  { name: 'date comparison with text', src: "d = '15-Jan-2024'.toDate(); info d > '01-Jan-2024'; info d < '01-Jan-2024';", out: ['true', 'false'] },
  {
    name: 'date parts',
    src: 'd = "2024-07-09 08:07:06".toDateTime(); info d.getDay() + "/" + d.getMonth() + " " + d.getMinutes() + ":" + d.getSeconds() + " dow " + d.getDayOfWeek();',
    out: ['9/7 7:6 dow 3'],
  },
  { name: 'toLong on date is epoch ms', src: 'info "1970-01-02".toDate().toLong();', out: ['86400000'] },
  { name: 'date inside map serialises as text', src: 'info {"d":"2024-05-06".toDate()};', out: ['{"d":"06-May-2024"}'] },
];

const numbers: Snippet[] = [
  { name: 'round', src: 'info 2.345.round(2); info 2.5.round();', out: ['2.35', '3'] },
  { name: 'abs / ceil / floor', src: 'x = -2.5; info x.abs(); info x.ceil(); info x.floor();', out: ['2.5', '-2', '-3'] },
  { name: 'toLong on number', src: 'info 9.99.toLong();', out: ['9'] },
  { name: 'number toString', src: 'info (12).toString() + "!";', out: ['12!'] },
  { name: 'max / min / power / sqrt', src: 'info max(3, 9); info min(3, 9); info power(2, 10); info sqrt(16);', out: ['9', '3', '1024', '4'] },
];

// Expected values follow the examples on Zoho's help pages for each function.
const calendar: Snippet[] = [
  {
    name: 'addBusinessDay skips the weekend',
    src: "info '15-Mar-2019'.addBusinessDay(1); info addBusinessDay('15-Mar-2019', 6);",
    out: ['18-Mar-2019', '25-Mar-2019'],
  },
  {
    name: 'addBusinessDay with own weekends and holidays',
    src: "info addBusinessDay('23-May-2020', 5, {\"Sunday\"}, {'25-May-2020'});",
    out: ['30-May-2020'],
  },
  {
    name: 'addBusinessDay keeps the time and ignores a negative count',
    src: "d = '2019-03-15 10:20:00'.toDateTime(); info d.addBusinessDay(1); info d.addBusinessDay(-3);",
    out: ['18-Mar-2019 10:20:00', '15-Mar-2019 10:20:00'],
  },
  {
    name: 'subBusinessDay',
    src: "info '21-Jul-2021'.subBusinessDay(5, {\"Sunday\"}, {'20-Jul-2021', '19-Jul-2021'}); info '21-Jul-2021'.subBusinessDay(5);",
    out: ['13-Jul-2021', '14-Jul-2021'],
  },
  {
    name: 'addBusinessHour with weekends, holidays and hours',
    src: 'info "1-Jan-2020 16:00:00".addBusinessHour(2, {"Saturday", "Sunday"}, {\'2-Jan-2020\', \'3-Jan-2020\'}, {"start": "10", "end": "17"});',
    out: ['06-Jan-2020 11:00:00'],
  },
  {
    name: 'addBusinessHour defaults to 9 to 17, subtracts when negative, takes decimals',
    src: "info '03-Jan-2020 16:30:00'.addBusinessHour(1); info '06-Jan-2020 09:30:00'.addBusinessHour(-1); info addBusinessHour('06-Jan-2020 07:00:00', 1.5); info '06-Jan-2020'.addBusinessHour(8);",
    out: ['06-Jan-2020 09:30:00', '03-Jan-2020 16:30:00', '06-Jan-2020 10:30:00', '06-Jan-2020 17:00:00'],
  },
  {
    name: 'nextWeekDay is strictly after',
    src: 'info \'20-Jul-2021\'.nextWeekDay("Monday"); info nextWeekDay(\'20-Jul-2021\', "tuesday");',
    out: ['26-Jul-2021', '27-Jul-2021'],
  },
  {
    name: 'previousWeekDay is strictly before',
    src: 'info \'21-Jul-2021\'.previousWeekDay("Monday"); info previousWeekDay(\'21-Jul-2021\', "Wed");',
    out: ['19-Jul-2021', '14-Jul-2021'],
  },
  {
    name: 'days360 (US method)',
    src: "info days360('05-Feb-2020', '07-Jul-2020'); info days360('01-Jan-2018', '01-Jan-2019'); info '30-Jan-1998'.days360('01-Feb-1998'); info days360('29-Feb-2020', '31-Mar-2020'); info days360('07-Jul-2020', '05-Feb-2020');",
    out: ['152', '360', '1', '30', '-152'],
  },
  {
    name: 'monthsBetween counts 30-day months',
    src: "info monthsBetween('01-Feb-2019', '01-Mar-2019'); info '01-Jan-2019'.monthsBetween('01-Apr-2019'); info monthsBetween('01-Apr-2019', '01-Jan-2019');",
    out: ['0', '3', '-3'],
  },
  {
    name: 'toDate as a function',
    src: 'info toDate(0); info toDate(172800005); info toDate("2024-03-05 10:00:00"); info toDate("05/03/2024", "dd/MM/yyyy");',
    out: ['01-Jan-1970', '03-Jan-1970', '05-Mar-2024', '05-Mar-2024'],
  },
  {
    name: 'GMT offsets as time-zone names',
    src: 'd = "2024-01-01T12:00:00Z".toDateTime(); info d.toString("yyyy-MM-dd HH:mm z", "GMT-04:00"); info d.toString("HH:mm Z", "GMT+5:30"); info "2024-01-01 08:00 GMT-04:00".toDateTime("yyyy-MM-dd HH:mm z").toString("HH:mm");',
    out: ['2024-01-01 08:00 GMT-04:00', '17:30 +0530', '12:00'],
  },
  { name: 'repeat', src: 'info "Zoho".repeat(3); info repeat("ab", 2); info "[" + "x".repeat(0) + "]";', out: ['ZohoZohoZoho', 'abab', '[]'] },
];

const builtinErrors: Snippet[] = [
  {
    name: 'repeat with a negative count',
    src: 'a = 1;\nb = "x".repeat(-1);',
    err: { code: 'DELUGE_RUNTIME', line: 2, column: 1, msg: 'repeat: the count must not be negative, got -1 at line 2' },
  },
  {
    name: 'repeat past 100K characters',
    src: 'b = repeat("ab", 60000);',
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'repeat: the result would be 120000 characters, more than 100000' },
  },
  {
    name: 'randomNumber with an empty range',
    src: 'x = 0;\ny = randomNumber(5, 5);',
    err: { code: 'DELUGE_RUNTIME', line: 2, column: 1, msg: 'randomNumber: the end (5) must be greater than the start (5)' },
  },
  {
    name: 'nextWeekDay with an unknown day',
    src: 'd = \'20-Jul-2021\'.nextWeekDay("Funday");',
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'nextWeekDay: "Funday" is not a day of the week' },
  },
  {
    name: 'a week of weekends',
    src: 'd = addBusinessDay(\'20-Jul-2021\', 1, {"Mon","Tue","Wed","Thu","Fri","Sat","Sun"});',
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'addBusinessDay: every day of the week is a weekend' },
  },
  {
    name: 'a holiday that is not a date',
    src: 'd = \'20-Jul-2021\'.addBusinessDay(1, {"Sunday"}, {"soon"});',
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'addBusinessDay: holiday "soon" is not a date' },
  },
  {
    name: 'business hours backwards',
    src: 'd = \'20-Jul-2021\'.addBusinessHour(1, {"Sunday"}, {}, {"start": 18, "end": 9});',
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'addBusinessHour: business hours start (18) must be before end (9)' },
  },
  {
    name: 'a business count too far away',
    src: "d = '20-Jul-2021'.addBusinessDay(1000000);",
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'addBusinessDay: the result is more than 366,000 days away' },
  },
  {
    name: 'a date method on text that is no date',
    src: 's = "soon";\nd = s.addBusinessDay(1);',
    err: { code: 'DELUGE_RUNTIME', line: 2, column: 7, msg: 'addBusinessDay() needs a date, but `s` is "soon"' },
  },
  {
    name: 'days360 without a date',
    src: 'n = days360(null, "2024-01-01");',
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'days360: the date must be a date-time, got null' },
  },
  {
    name: 'an offset zone out of range',
    src: 'd = "2024-01-01".toDate().toString("HH:mm", "GMT+25:00");',
    err: { code: 'DELUGE_RUNTIME', line: 1, column: 1, msg: 'time zone "GMT+25:00" is not a valid offset' },
  },
];

class RandomHost extends FakeZoho {
  constructor(private readonly draws: number[]) {
    super();
  }
  random(): number {
    const r = this.draws.shift();
    if (r === undefined) throw new Error('no draw left');
    return r;
  }
}

describe('randomNumber', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('draws from the host: whole numbers below the end, decimals when a limit is decimal', async () => {
    const host = new RandomHost([0, 0.99, 0.5, 0.25]);
    const r = await runDeluge('info randomNumber(1, 3); info randomNumber(1, 3); info 1.randomNumber(101); info randomNumber(1.5, 2.5);', { host });
    expect(r.ok).toBe(true);
    expect(host.infos.map((i) => i.text)).toEqual(['1', '2', '51', '1.75']);
  });

  it('uses Math.random when the host offers no randomness', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const host = new FakeZoho();
    await runDeluge('info randomNumber(0, 10);', { host });
    expect(host.infos.map((i) => i.text)).toEqual(['5']);
  });

  it('refuses a host draw outside [0, 1) with the line', async () => {
    const r = await runDeluge('a = 1;\nb = randomNumber(1, 9);', { host: new RandomHost([1]) });
    expect(r).toMatchObject({ ok: false, error: { code: 'DELUGE_RUNTIME', line: 2 } });
    expect(r.ok ? '' : r.error.message).toContain("the host's random() gave 1, not a number from 0 up to 1");
  });
});

describe('Deluge built-ins', () => {
  describe('calendar, repeat, toDate and GMT zones', () => {
    for (const c of calendar) it(c.name, () => check(c));
  });
  describe('errors of the newer built-ins', () => {
    for (const c of builtinErrors) it(c.name, () => check(c));
  });
  describe('text methods', () => {
    for (const c of text) it(c.name, () => check(c));
  });
  describe('map methods', () => {
    for (const c of maps) it(c.name, () => check(c));
  });
  describe('list methods', () => {
    for (const c of lists) it(c.name, () => check(c));
  });
  describe('null helpers', () => {
    for (const c of nulls) it(c.name, () => check(c));
  });
  describe('date-time', () => {
    for (const c of dates) it(c.name, () => check(c));
  });
  describe('numbers', () => {
    for (const c of numbers) it(c.name, () => check(c));
  });
});
