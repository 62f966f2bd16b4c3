/** Text methods (Zoho's Deluge help, https://www.zoho.com/deluge/help/). Regex arguments follow Java syntax, which JS covers for common use. */
import { argBool, argInt, argText, table } from './builtin-support.ts';
import { textToList, textToMap, textToNumber, valueToDate, base64Encode, base64Decode, urlDecode } from './conversions.ts';
import { ValueError, parseJsonValue } from './values.ts';

function regex(src: string, flags: string, method: string): RegExp {
  try {
    return new RegExp(src, flags);
  } catch {
    throw new ValueError(`${method}: ${JSON.stringify(src)} is not a valid regular expression`);
  }
}

function range(s: string, start: number, end: number, method: string): void {
  if (start < 0 || end > s.length || start > end) {
    throw new ValueError(`${method}(${start}, ${end}) is out of range for text of length ${s.length}`);
  }
}

const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Zoho caps the input and output of repeat() at 100K characters (deluge/help/functions/string/repeat). */
const MAX_REPEAT_LENGTH = 100_000;

export function repeatText(s: string, count: number): string {
  if (count < 0) throw new ValueError(`repeat: the count must not be negative, got ${count}`);
  if (s.length * count > MAX_REPEAT_LENGTH)
    throw new ValueError(`repeat: the result would be ${s.length * count} characters, more than ${MAX_REPEAT_LENGTH}`);
  return s.repeat(count);
}

function padTo(s: string, n: number, left: boolean): string {
  return left ? s.padStart(n, ' ') : s.padEnd(n, ' ');
}

export const TEXT_METHODS = table<string>([
  { name: 'length', aliases: ['len'], params: '()', returns: 'Number', doc: 'Number of characters.', fn: (s) => s.length },
  { name: 'toUpperCase', aliases: ['upper'], params: '()', returns: 'Text', doc: 'Upper-case copy.', fn: (s) => s.toUpperCase() },
  { name: 'toLowerCase', aliases: ['lower'], params: '()', returns: 'Text', doc: 'Lower-case copy.', fn: (s) => s.toLowerCase() },
  {
    name: 'repeat',
    params: '(count)',
    returns: 'Text',
    doc: 'The text repeated count times.',
    min: 1,
    fn: (s, a) => repeatText(s, argInt(a, 0, 'repeat: the count')),
  },
  { name: 'trim', params: '()', returns: 'Text', doc: 'Removes leading and trailing white space.', fn: (s) => s.trim() },
  {
    name: 'proper',
    params: '()',
    returns: 'Text',
    doc: 'Capitalises each word.',
    fn: (s) => s.toLowerCase().replace(/(^|\s)(\S)/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  },
  {
    name: 'contains',
    params: '(text)',
    returns: 'Boolean',
    doc: 'True if the text occurs.',
    min: 1,
    fn: (s, a) => s.includes(argText(a, 0, 'contains: the argument')),
  },
  {
    name: 'notContains',
    params: '(text)',
    returns: 'Boolean',
    doc: 'True if the text does not occur.',
    min: 1,
    fn: (s, a) => !s.includes(argText(a, 0, 'notContains: the argument')),
  },
  {
    name: 'containsIgnoreCase',
    params: '(text)',
    returns: 'Boolean',
    doc: 'contains, ignoring case.',
    min: 1,
    fn: (s, a) => s.toLowerCase().includes(argText(a, 0, 'containsIgnoreCase: the argument').toLowerCase()),
  },
  {
    name: 'startsWith',
    params: '(text)',
    returns: 'Boolean',
    doc: 'True if the text starts with the argument.',
    min: 1,
    fn: (s, a) => s.startsWith(argText(a, 0, 'startsWith: the argument')),
  },
  {
    name: 'endsWith',
    params: '(text)',
    returns: 'Boolean',
    doc: 'True if the text ends with the argument.',
    min: 1,
    fn: (s, a) => s.endsWith(argText(a, 0, 'endsWith: the argument')),
  },
  {
    name: 'equals',
    params: '(text)',
    returns: 'Boolean',
    doc: 'Case-sensitive equality.',
    min: 1,
    fn: (s, a) => s === argText(a, 0, 'equals: the argument'),
  },
  {
    name: 'equalsIgnoreCase',
    params: '(text)',
    returns: 'Boolean',
    doc: 'Equality ignoring case.',
    min: 1,
    fn: (s, a) => s.toLowerCase() === argText(a, 0, 'equalsIgnoreCase: the argument').toLowerCase(),
  },
  {
    name: 'indexOf',
    params: '(text, from?)',
    returns: 'Number',
    doc: 'First position of the text at or after from, or -1.',
    min: 1,
    max: 2,
    fn: (s, a) => s.indexOf(argText(a, 0, 'indexOf: the argument'), a.length > 1 ? argInt(a, 1, 'indexOf: from') : 0),
  },
  {
    name: 'lastIndexOf',
    params: '(text)',
    returns: 'Number',
    doc: 'Last position of the text, or -1.',
    min: 1,
    fn: (s, a) => s.lastIndexOf(argText(a, 0, 'lastIndexOf: the argument')),
  },
  {
    name: 'getOccurence',
    aliases: ['getOccurrence'],
    params: '(text)',
    returns: 'Number',
    doc: 'How many times the text occurs.',
    min: 1,
    fn: (s, a) => {
      const t = argText(a, 0, 'getOccurence: the argument');
      return t === '' ? 0 : s.split(t).length - 1;
    },
  },
  {
    name: 'matches',
    params: '(regex)',
    returns: 'Boolean',
    doc: 'True if the whole text matches the regular expression.',
    min: 1,
    fn: (s, a) => regex(`^(?:${argText(a, 0, 'matches: the pattern')})$`, 's', 'matches').test(s),
  },
  {
    name: 'subString',
    aliases: ['substring'],
    params: '(start, end?)',
    returns: 'Text',
    doc: 'Characters from start (0-based) up to end (exclusive).',
    min: 1,
    max: 2,
    fn: (s, a) => {
      const start = argInt(a, 0, 'subString: start');
      const end = a.length > 1 ? argInt(a, 1, 'subString: end') : s.length;
      range(s, start, end, 'subString');
      return s.slice(start, end);
    },
  },
  {
    name: 'mid',
    params: '(start, count)',
    returns: 'Text',
    doc: 'count characters from start (0-based).',
    min: 2,
    fn: (s, a) => {
      const start = argInt(a, 0, 'mid: start');
      const count = argInt(a, 1, 'mid: count');
      range(s, start, Math.min(s.length, start + Math.max(0, count)), 'mid');
      return s.substr(start, count);
    },
  },
  {
    name: 'left',
    params: '(count)',
    returns: 'Text',
    doc: 'The first count characters.',
    min: 1,
    fn: (s, a) => s.slice(0, Math.max(0, argInt(a, 0, 'left: count'))),
  },
  {
    name: 'right',
    params: '(count)',
    returns: 'Text',
    doc: 'The last count characters.',
    min: 1,
    fn: (s, a) => {
      const n = argInt(a, 0, 'right: count');
      return n <= 0 ? '' : s.slice(-n);
    },
  },
  {
    name: 'getPrefix',
    params: '(text)',
    returns: 'Text',
    doc: 'Text before the first occurrence, or null.',
    min: 1,
    fn: (s, a) => {
      const i = s.indexOf(argText(a, 0, 'getPrefix: the argument'));
      return i < 0 ? null : s.slice(0, i);
    },
  },
  {
    name: 'getSuffix',
    params: '(text)',
    returns: 'Text',
    doc: 'Text after the first occurrence, or null.',
    min: 1,
    fn: (s, a) => {
      const t = argText(a, 0, 'getSuffix: the argument');
      const i = s.indexOf(t);
      return i < 0 ? null : s.slice(i + t.length);
    },
  },
  {
    name: 'replaceAll',
    params: '(regex, replacement, plainText?)',
    returns: 'Text',
    doc: 'Replaces every match; pass true as third argument to search plain text.',
    min: 2,
    max: 3,
    fn: (s, a) => {
      const find = argText(a, 0, 'replaceAll: the search');
      const plain = argBool(a, 2, 'replaceAll: the third argument', false);
      const rep = argText(a, 1, 'replaceAll: the replacement');
      return plain ? s.split(find).join(rep) : s.replace(regex(find, 'g', 'replaceAll'), rep);
    },
  },
  {
    name: 'replaceFirst',
    params: '(regex, replacement, plainText?)',
    returns: 'Text',
    doc: 'Replaces the first match.',
    min: 2,
    max: 3,
    fn: (s, a) => {
      const find = argText(a, 0, 'replaceFirst: the search');
      const plain = argBool(a, 2, 'replaceFirst: the third argument', false);
      const rep = argText(a, 1, 'replaceFirst: the replacement');
      return s.replace(regex(plain ? literal(find) : find, '', 'replaceFirst'), plain ? rep.replace(/\$/g, '$$$$') : rep);
    },
  },
  {
    name: 'remove',
    params: '(text)',
    returns: 'Text',
    doc: 'Removes every occurrence.',
    min: 1,
    fn: (s, a) => s.split(argText(a, 0, 'remove: the argument')).join(''),
  },
  {
    name: 'removeFirstOccurence',
    aliases: ['removeFirstOccurrence'],
    params: '(text)',
    returns: 'Text',
    doc: 'Removes the first occurrence.',
    min: 1,
    fn: (s, a) => {
      const t = argText(a, 0, 'removeFirstOccurence: the argument');
      const i = s.indexOf(t);
      return i < 0 || t === '' ? s : s.slice(0, i) + s.slice(i + t.length);
    },
  },
  {
    name: 'removeLastOccurence',
    aliases: ['removeLastOccurrence'],
    params: '(text)',
    returns: 'Text',
    doc: 'Removes the last occurrence.',
    min: 1,
    fn: (s, a) => {
      const t = argText(a, 0, 'removeLastOccurence: the argument');
      const i = s.lastIndexOf(t);
      return i < 0 || t === '' ? s : s.slice(0, i) + s.slice(i + t.length);
    },
  },
  {
    name: 'leftPad',
    params: '(length)',
    returns: 'Text',
    doc: 'Pads with spaces on the left to length.',
    min: 1,
    fn: (s, a) => padTo(s, argInt(a, 0, 'leftPad: length'), true),
  },
  {
    name: 'rightPad',
    params: '(length)',
    returns: 'Text',
    doc: 'Pads with spaces on the right to length.',
    min: 1,
    fn: (s, a) => padTo(s, argInt(a, 0, 'rightPad: length'), false),
  },
  { name: 'reverse', params: '()', returns: 'Text', doc: 'Characters in reverse order.', fn: (s) => Array.from(s).reverse().join('') },
  { name: 'getAlpha', params: '()', returns: 'Text', doc: 'Only the letters.', fn: (s) => s.replace(/[^A-Za-z]/g, '') },
  { name: 'getAlphaNumeric', params: '()', returns: 'Text', doc: 'Only letters and digits.', fn: (s) => s.replace(/[^A-Za-z0-9]/g, '') },
  { name: 'removeAllAlpha', params: '()', returns: 'Text', doc: 'Removes the letters.', fn: (s) => s.replace(/[A-Za-z]/g, '') },
  { name: 'removeAllAlphaNumeric', params: '()', returns: 'Text', doc: 'Removes letters and digits.', fn: (s) => s.replace(/[A-Za-z0-9]/g, '') },
  {
    name: 'toList',
    params: '(separator?)',
    returns: 'List',
    doc: 'Splits on the separator (default ","); a JSON array text is parsed.',
    max: 1,
    fn: (s, a) => {
      if (a.length === 0) {
        const parsed = parseJsonValue(s);
        if (Array.isArray(parsed)) return parsed;
      }
      const sep = a.length > 0 ? argText(a, 0, 'toList: the separator') : ',';
      return s === '' ? [] : s.split(sep);
    },
  },
  { name: 'toMap', params: '()', returns: 'Map', doc: 'Parses JSON object text.', fn: (s) => textToMap(s, 'toMap') },
  { name: 'toJSONList', params: '()', returns: 'List', doc: 'Parses JSON array text.', fn: (s) => textToList(s, 'toJSONList') },
  {
    name: 'getJSON',
    params: '(key)',
    returns: 'any',
    doc: 'Parses JSON object text and returns the key.',
    min: 1,
    fn: (s, a) => {
      const m = textToMap(s, 'getJSON');
      const v = m.get(argText(a, 0, 'getJSON: the key'));
      return v === undefined ? null : v;
    },
  },
  { name: 'toNumber', aliases: ['toDecimal'], params: '()', returns: 'Number', doc: 'Parses a number.', fn: (s) => textToNumber(s, 'toNumber') },
  {
    name: 'toLong',
    aliases: ['toInt', 'toInteger'],
    params: '()',
    returns: 'Number',
    doc: 'Parses a whole number (decimals are truncated).',
    fn: (s) => Math.trunc(textToNumber(s, 'toLong')),
  },
  {
    name: 'toDate',
    params: '(format?)',
    returns: 'Date',
    doc: 'Parses a date.',
    max: 1,
    fn: (s, a) => valueToDate(s, a.length > 0 ? argText(a, 0, 'toDate: the format') : null, 'toDate', false),
  },
  {
    name: 'toDateTime',
    aliases: ['toTime'],
    params: '(format?)',
    returns: 'DateTime',
    doc: 'Parses a date-time.',
    max: 1,
    fn: (s, a) => valueToDate(s, a.length > 0 ? argText(a, 0, 'toDateTime: the format') : null, 'toDateTime', true),
  },
  { name: 'encodeUrl', aliases: ['urlEncode'], params: '()', returns: 'Text', doc: 'Percent-encodes the text.', fn: (s) => encodeURIComponent(s) },
  { name: 'urlDecode', aliases: ['decodeUrl'], params: '()', returns: 'Text', doc: 'Decodes percent-encoding.', fn: (s) => urlDecode(s) },
  { name: 'base64Encode', params: '()', returns: 'Text', doc: 'Base64 of the UTF-8 bytes.', fn: (s) => base64Encode(s) },
  { name: 'base64Decode', params: '()', returns: 'Text', doc: 'Decodes base64 to text.', fn: (s) => base64Decode(s) },
  { name: 'isNumber', params: '()', returns: 'Boolean', doc: 'True if the text is a number.', fn: (s) => /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(s) },
]);
