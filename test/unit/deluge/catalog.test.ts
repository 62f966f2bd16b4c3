import { describe, expect, it } from 'vitest';
import { DELUGE_BUILTINS, DELUGE_INVOKEURL_KEYS, DELUGE_KEYWORDS, DELUGE_METHODS, classifyTokens } from '../../../src/engine/deluge/index.ts';

describe('editor support data', () => {
  it('lists functions, integration tasks and values with signatures', () => {
    const byName = new Map(DELUGE_BUILTINS.map((b) => [b.name, b]));
    expect(byName.get('ifnull')).toMatchObject({ kind: 'function', signature: 'ifnull(value, fallback)' });
    expect(byName.get('zoho.bigin.getRecordById')).toMatchObject({
      kind: 'task',
      signature: 'zoho.bigin.getRecordById(module, recordId, options?, connection?)',
    });
    expect(byName.get('zoho.books.createRecord')?.kind).toBe('task');
    expect(byName.get('zoho.currenttime')?.kind).toBe('value');
  });

  it('offers the calendar, random and repeat built-ins for completion', () => {
    const fns = new Map(DELUGE_BUILTINS.map((b) => [b.name, b]));
    for (const name of [
      'repeat',
      'randomNumber',
      'days360',
      'toDate',
      'addBusinessDay',
      'subBusinessDay',
      'addBusinessHour',
      'nextWeekDay',
      'previousWeekDay',
      'monthsBetween',
    ]) {
      expect(fns.get(name)?.kind, name).toBe('function');
    }
    expect(fns.get('randomNumber')?.signature).toBe('randomNumber(start, end)');
    expect(fns.get('addBusinessHour')?.signature).toBe('addBusinessHour(date, hours, weekends?, holidays?, businessHours?)');
    const has = (receiver: string, name: string): boolean => DELUGE_METHODS.some((m) => m.receiver === receiver && m.name === name);
    expect(['addBusinessDay', 'addBusinessHour', 'nextWeekDay', 'days360', 'monthsBetween'].every((n) => has('DateTime', n))).toBe(true);
    expect(has('Text', 'repeat') && has('Number', 'randomNumber')).toBe(true);
    expect(classifyTokens('x = randomNumber(1, 2);').map((c) => c.type)[2]).toBe('builtin');
  });

  it('lists methods per receiver type, each name once', () => {
    const map = DELUGE_METHODS.filter((m) => m.receiver === 'Map').map((m) => m.name);
    expect(map).toEqual(expect.arrayContaining(['put', 'get', 'keys', 'containsKey', 'containKey', 'getJSON']));
    expect(new Set(map).size).toBe(map.length);
    expect(DELUGE_METHODS.find((m) => m.receiver === 'Text' && m.name === 'subString')).toMatchObject({
      signature: 'subString(start, end?)',
      returns: 'Text',
    });
    expect(DELUGE_KEYWORDS).toEqual(expect.arrayContaining(['if', 'for', 'each', 'invokeurl']));
    expect(DELUGE_INVOKEURL_KEYS).toEqual(expect.arrayContaining(['url', 'type', 'content-type', 'connection', 'detailed']));
  });

  it('classifies tokens for highlighting', () => {
    const src = 'r = invokeurl [ url: "https://a.b" ]; // note\nif (x.size() > 1) { info ifnull(y, 2); }';
    const t = classifyTokens(src).map((c) => [src.slice(c.from, c.to), c.type]);
    expect(t).toEqual([
      ['r', 'variable'],
      ['=', 'operator'],
      ['invokeurl', 'keyword'],
      ['[', 'bracket'],
      ['url', 'property'],
      [':', 'operator'],
      ['"https://a.b"', 'string'],
      [']', 'bracket'],
      [';', 'operator'],
      ['// note', 'comment'],
      ['if', 'keyword'],
      ['(', 'bracket'],
      ['x', 'variable'],
      ['.', 'operator'],
      ['size', 'method'],
      ['(', 'bracket'],
      [')', 'bracket'],
      ['>', 'operator'],
      ['1', 'number'],
      [')', 'bracket'],
      ['{', 'bracket'],
      ['info', 'keyword'],
      ['ifnull', 'builtin'],
      ['(', 'bracket'],
      ['y', 'variable'],
      [',', 'operator'],
      ['2', 'number'],
      [')', 'bracket'],
      [';', 'operator'],
      ['}', 'bracket'],
    ]);
  });

  it('an attribute name outside invokeurl is an ordinary variable', () => {
    expect(classifyTokens('url = 1;').map((c) => c.type)).toEqual(['variable', 'operator', 'number', 'operator']);
  });

  it('marks unterminated text and stray characters as invalid', () => {
    expect(classifyTokens('x = "open').map((c) => c.type)).toEqual(['variable', 'operator', 'invalid']);
    expect(classifyTokens('#').map((c) => c.type)).toEqual(['invalid']);
  });
});
