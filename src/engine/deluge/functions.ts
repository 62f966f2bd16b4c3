/** Global functions and global values (`now`, `zoho.currenttime` …): as Zoho's Deluge help documents them, https://www.zoho.com/deluge/help/. */
import { argDate, argNumber, argText, table, type BuiltinEnv, type MethodDef } from './builtin-support.ts';
import { base64Decode, base64Encode, tryDate, truncateToDay, urlDecode, valueToDate } from './conversions.ts';
import { DATE_METHODS, NUMBER_METHODS, daysBetween, joinList } from './methods-scalar.ts';
import { TEXT_METHODS } from './methods-text.ts';
import { DelugeDate, ValueError, toText, type Value } from './values.ts';

const isNull = (v: Value): boolean => v === null;
const isBlank = (v: Value): boolean => v === null || (typeof v === 'string' && v.trim() === '');
const isEmpty = (v: Value): boolean => v === null || v === '' || (v instanceof Map && v.size === 0) || (Array.isArray(v) && v.length === 0);
function hexToText(hex: string): string {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new ValueError(`hexToText: "${hex}" is not an even number of hexadecimal digits`);
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
  return new TextDecoder().decode(bytes);
}
/** `repeat(text, n)` is `text.repeat(n)`: the function form passes its first argument as the receiver. */
function fromMethod(table: ReadonlyMap<string, MethodDef>, name: string, first: string, receiver: (a: Value[], what: string) => Value) {
  const m = table.get(name.toLowerCase());
  if (m === undefined) throw new Error(`no method ${name} to offer as a function`);
  return {
    name: m.name,
    params: `(${first}${m.params === '()' ? '' : ', '}${m.params.slice(1)}`,
    returns: m.returns,
    doc: m.doc,
    min: m.min + 1,
    max: m.max + 1,
    fn: (_s: null, a: Value[], env: BuiltinEnv): Value => m.fn(receiver(a, `${m.name}: the ${first}`) as never, a.slice(1), env),
  };
}
const asDate = (a: Value[], what: string): Value => argDate(a, 0, what, tryDate);
const dateFunction = (name: string) => fromMethod(DATE_METHODS, name, 'date', asDate);

const numbers = (a: Value[], name: string): number[] => a.map((_, i) => argNumber(a, i, `${name}: argument ${i + 1}`));

export const FUNCTIONS: Map<string, MethodDef> = table<null>([
  { name: 'Map', params: '()', returns: 'Map', doc: 'A new empty map.', fn: () => new Map() },
  { name: 'List', params: '()', returns: 'List', doc: 'A new empty list.', fn: () => [] },
  {
    name: 'Collection',
    params: '(element, … | key: value, …)',
    returns: 'List or Map',
    doc: 'A list of the given elements; key: value pairs make a key-value collection.',
    max: Number.POSITIVE_INFINITY,
    fn: (_s, a) => a.slice(),
  },
  {
    name: 'toString',
    aliases: ['toText'],
    params: '(value, separator?)',
    returns: 'Text',
    doc: 'Text form of a value; a list with a separator joins its elements.',
    min: 1,
    max: 2,
    fn: (_s, a) => (Array.isArray(a[0]) && a.length > 1 ? joinList(a[0], argText(a, 1, 'toString: the separator')) : toText(a[0] as Value)),
  },
  {
    name: 'size',
    params: '(list or map)',
    returns: 'Number',
    doc: 'Number of elements of a list or entries of a map.',
    min: 1,
    fn: (_s, a) => {
      const v = a[0] as Value;
      if (Array.isArray(v)) return v.length;
      if (v instanceof Map) return v.size;
      throw new ValueError(`size: expected a list or map, got ${v === null ? 'null' : typeof v === 'string' ? 'text' : typeof v}`);
    },
  },
  {
    name: 'hexToText',
    params: '(hex)',
    returns: 'Text',
    doc: 'Text whose UTF-8 bytes the hexadecimal digits spell.',
    min: 1,
    fn: (_s, a) => hexToText(argText(a, 0, 'hexToText: the argument')),
  },
  {
    name: 'ifnull',
    params: '(value, fallback)',
    returns: 'any',
    doc: 'value, or fallback when value is null.',
    min: 2,
    fn: (_s, a) => (a[0] === null ? (a[1] as Value) : (a[0] as Value)),
  },
  { name: 'isNull', params: '(value)', returns: 'Boolean', doc: 'True when value is null.', min: 1, fn: (_s, a) => isNull(a[0] as Value) },
  {
    name: 'isBlank',
    params: '(value)',
    returns: 'Boolean',
    doc: 'True for null or white-space-only text.',
    min: 1,
    fn: (_s, a) => isBlank(a[0] as Value),
  },
  {
    name: 'isEmpty',
    params: '(value)',
    returns: 'Boolean',
    doc: 'True for null, empty text, map or list.',
    min: 1,
    fn: (_s, a) => isEmpty(a[0] as Value),
  },
  {
    name: 'encodeUrl',
    aliases: ['urlEncode'],
    params: '(text)',
    returns: 'Text',
    doc: 'Percent-encodes text.',
    min: 1,
    fn: (_s, a) => encodeURIComponent(argText(a, 0, 'encodeUrl: the argument')),
  },
  {
    name: 'urlDecode',
    aliases: ['decodeUrl'],
    params: '(text)',
    returns: 'Text',
    doc: 'Decodes percent-encoding.',
    min: 1,
    fn: (_s, a) => urlDecode(argText(a, 0, 'urlDecode: the argument')),
  },
  {
    name: 'base64Encode',
    params: '(text)',
    returns: 'Text',
    doc: 'Base64 of the UTF-8 bytes.',
    min: 1,
    fn: (_s, a) => base64Encode(argText(a, 0, 'base64Encode: the argument')),
  },
  {
    name: 'base64Decode',
    params: '(text)',
    returns: 'Text',
    doc: 'Decodes base64 to text.',
    min: 1,
    fn: (_s, a) => base64Decode(argText(a, 0, 'base64Decode: the argument')),
  },
  {
    name: 'daysBetween',
    params: '(from, to)',
    returns: 'Number',
    doc: 'Whole days from the first date to the second.',
    min: 2,
    fn: (_s, a) => daysBetween(argDate(a, 0, 'daysBetween: the first argument', tryDate), argDate(a, 1, 'daysBetween: the second argument', tryDate)),
  },
  ...['days360', 'monthsBetween', 'addBusinessDay', 'subBusinessDay', 'addBusinessHour', 'nextWeekDay', 'previousWeekDay'].map(dateFunction),
  {
    name: 'toDate',
    params: '(value, format?)',
    returns: 'Date',
    doc: 'A date from text (optionally laid out as format), epoch milliseconds or a date-time.',
    min: 1,
    max: 2,
    fn: (_s, a) => valueToDate(a[0] as Value, a.length > 1 ? argText(a, 1, 'toDate: the format') : null, 'toDate', false),
  },
  fromMethod(TEXT_METHODS, 'repeat', 'text', (a, what) => argText(a, 0, what)),
  fromMethod(NUMBER_METHODS, 'randomNumber', 'start', (a, what) => argNumber(a, 0, what)),
  { name: 'abs', params: '(n)', returns: 'Number', doc: 'Absolute value.', min: 1, fn: (_s, a) => Math.abs(argNumber(a, 0, 'abs: the argument')) },
  { name: 'max', params: '(a, b)', returns: 'Number', doc: 'The larger number.', min: 2, fn: (_s, a) => Math.max(...numbers(a, 'max')) },
  { name: 'min', params: '(a, b)', returns: 'Number', doc: 'The smaller number.', min: 2, fn: (_s, a) => Math.min(...numbers(a, 'min')) },
  {
    name: 'power',
    params: '(base, exponent)',
    returns: 'Number',
    doc: 'base raised to exponent.',
    min: 2,
    fn: (_s, a) => argNumber(a, 0, 'power: base') ** argNumber(a, 1, 'power: exponent'),
  },
  { name: 'sqrt', params: '(n)', returns: 'Number', doc: 'Square root.', min: 1, fn: (_s, a) => Math.sqrt(argNumber(a, 0, 'sqrt: the argument')) },
]);

/** Aliases in the `zoho.encryption` namespace map onto the same definitions. */
for (const name of ['urlEncode', 'urlDecode', 'base64Encode', 'base64Decode']) {
  const def = FUNCTIONS.get(name.toLowerCase());
  if (def) FUNCTIONS.set(`zoho.encryption.${name.toLowerCase()}`, { ...def, name: `zoho.encryption.${name}` });
}

export interface GlobalValueDef {
  name: string;
  doc: string;
  get: (now: Date) => Value;
}

/** Names that read as values. `now`/`today` can still be reassigned as ordinary variables. */
export const GLOBAL_VALUES = new Map<string, GlobalValueDef>([
  ['now', { name: 'now', doc: 'Current date-time.', get: (d) => new DelugeDate(d.getTime(), true) }],
  ['today', { name: 'today', doc: 'Current date.', get: (d) => truncateToDay(new DelugeDate(d.getTime(), false)) }],
  ['zoho.currenttime', { name: 'zoho.currenttime', doc: 'Current date-time.', get: (d) => new DelugeDate(d.getTime(), true) }],
  ['zoho.currentdate', { name: 'zoho.currentdate', doc: 'Current date.', get: (d) => truncateToDay(new DelugeDate(d.getTime(), false)) }],
]);
