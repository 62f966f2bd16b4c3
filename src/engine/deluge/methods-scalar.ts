/** Number, date-time and methods every value answers (toString, isNull, isEmpty …). */
import { argDate, argInt, argList, argMap, argNumber, argText, table, type BuiltinEnv } from './builtin-support.ts';
import {
  businessHours,
  days360,
  monthsBetween,
  shiftBusinessDays,
  shiftBusinessHours,
  stepToWeekday,
  weekdayIndex,
  workCalendar,
} from './calendar.ts';
import { isNumericText, tryDate, truncateToDay, valueToDate } from './conversions.ts';
import { DateFormatError, formatDate } from './dates.ts';
import { formatNumberPattern, isNumberPattern } from './number-format.ts';
import { DelugeDate, ValueError, formatNumber, toJson, toText, type DList, type Value } from './values.ts';

/**
 * Zoho: from start up to but never equal to end; whole numbers when both limits are whole, decimals
 * otherwise (deluge/help/functions/number/randomnumber).
 */
export function randomBetween(start: number, end: number, env: BuiltinEnv): number {
  if (!(end > start)) throw new ValueError(`randomNumber: the end (${formatNumber(end)}) must be greater than the start (${formatNumber(start)})`);
  const r = env.random();
  if (Number.isInteger(start) && Number.isInteger(end)) return start + Math.floor(r * (end - start));
  const x = start + r * (end - start);
  return x < end ? x : start;
}

export const NUMBER_METHODS = table<number>([
  { name: 'toLong', aliases: ['toInt', 'toInteger'], params: '()', returns: 'Number', doc: 'Whole part of the number.', fn: (n) => Math.trunc(n) },
  { name: 'toNumber', params: '()', returns: 'Number', doc: 'The number itself.', fn: (n) => n },
  { name: 'toDecimal', params: '()', returns: 'Number', doc: 'The number as a decimal.', fn: (n) => n },
  {
    name: 'round',
    params: '(places?)',
    returns: 'Number',
    doc: 'Rounds half up to the given decimal places (default 0).',
    max: 1,
    fn: (n, a) => {
      const p = a.length > 0 ? argInt(a, 0, 'round: places') : 0;
      const f = 10 ** p;
      return (Math.sign(n) * Math.round(Math.abs(n) * f + Number.EPSILON)) / f;
    },
  },
  { name: 'abs', params: '()', returns: 'Number', doc: 'Absolute value.', fn: (n) => Math.abs(n) },
  { name: 'ceil', params: '()', returns: 'Number', doc: 'Smallest whole number ≥ n.', fn: (n) => Math.ceil(n) },
  { name: 'floor', params: '()', returns: 'Number', doc: 'Largest whole number ≤ n.', fn: (n) => Math.floor(n) },
  { name: 'toDate', params: '()', returns: 'Date', doc: 'Epoch milliseconds as a date.', fn: (n) => truncateToDay(new DelugeDate(n, false)) },
  {
    name: 'toDateTime',
    aliases: ['toTime'],
    params: '()',
    returns: 'DateTime',
    doc: 'Epoch milliseconds as a date-time.',
    fn: (n) => new DelugeDate(n, true),
  },
  {
    name: 'randomNumber',
    params: '(end)',
    returns: 'Number',
    doc: 'A random number from this number up to (not including) end; decimal if either limit is.',
    min: 1,
    fn: (n, a, env) => randomBetween(n, argNumber(a, 0, 'randomNumber: the end'), env),
  },
]);

const DAY = 86400000;

function shiftMonths(d: DelugeDate, months: number): DelugeDate {
  const t = new Date(d.time);
  const day = t.getUTCDate();
  t.setUTCDate(1);
  t.setUTCMonth(t.getUTCMonth() + months);
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return new DelugeDate(t.getTime(), d.hasTime);
}

const add =
  (ms: number) =>
  (d: DelugeDate, a: Value[]): Value =>
    new DelugeDate(d.time + argInt(a, 0, 'the amount') * ms, d.hasTime);
const sub =
  (ms: number) =>
  (d: DelugeDate, a: Value[]): Value =>
    new DelugeDate(d.time - argInt(a, 0, 'the amount') * ms, d.hasTime);
const part =
  (f: (t: Date) => number) =>
  (d: DelugeDate): Value =>
    f(new Date(d.time));

export function daysBetween(a: DelugeDate, b: DelugeDate): number {
  return Math.trunc((Math.floor(b.time / DAY) * DAY - Math.floor(a.time / DAY) * DAY) / DAY);
}

/** Optional List arguments of the business-time methods: absent when not passed; `{}` is an empty one. */
function optList(a: Value[], i: number, what: string): Value | undefined {
  if (i >= a.length) return undefined;
  const v = a[i];
  return v instanceof Map && v.size === 0 ? [] : argList(a, i, what);
}

const businessDays =
  (back: boolean, method: string) =>
  (d: DelugeDate, a: Value[]): Value =>
    shiftBusinessDays(
      d,
      argInt(a, 0, `${method}: the number of days`),
      back,
      workCalendar(optList(a, 1, `${method}: the weekends`), optList(a, 2, `${method}: the holidays`), method),
      method,
    );

export const DATE_METHODS = table<DelugeDate>([
  { name: 'addDay', aliases: ['addDays'], params: '(n)', returns: 'DateTime', doc: 'n days later.', min: 1, fn: add(DAY) },
  { name: 'subDay', aliases: ['subDays'], params: '(n)', returns: 'DateTime', doc: 'n days earlier.', min: 1, fn: sub(DAY) },
  { name: 'addWeek', aliases: ['addWeeks'], params: '(n)', returns: 'DateTime', doc: 'n weeks later.', min: 1, fn: add(7 * DAY) },
  { name: 'subWeek', aliases: ['subWeeks'], params: '(n)', returns: 'DateTime', doc: 'n weeks earlier.', min: 1, fn: sub(7 * DAY) },
  { name: 'addHour', aliases: ['addHours'], params: '(n)', returns: 'DateTime', doc: 'n hours later.', min: 1, fn: add(3600000) },
  { name: 'subHour', aliases: ['subHours'], params: '(n)', returns: 'DateTime', doc: 'n hours earlier.', min: 1, fn: sub(3600000) },
  { name: 'addMinutes', aliases: ['addMinute'], params: '(n)', returns: 'DateTime', doc: 'n minutes later.', min: 1, fn: add(60000) },
  { name: 'subMinutes', aliases: ['subMinute'], params: '(n)', returns: 'DateTime', doc: 'n minutes earlier.', min: 1, fn: sub(60000) },
  { name: 'addSeconds', aliases: ['addSecond'], params: '(n)', returns: 'DateTime', doc: 'n seconds later.', min: 1, fn: add(1000) },
  { name: 'subSeconds', aliases: ['subSecond'], params: '(n)', returns: 'DateTime', doc: 'n seconds earlier.', min: 1, fn: sub(1000) },
  {
    name: 'addMonth',
    aliases: ['addMonths'],
    params: '(n)',
    returns: 'DateTime',
    doc: 'n months later (clamped to month end).',
    min: 1,
    fn: (d, a) => shiftMonths(d, argInt(a, 0, 'addMonth: n')),
  },
  {
    name: 'subMonth',
    aliases: ['subMonths'],
    params: '(n)',
    returns: 'DateTime',
    doc: 'n months earlier.',
    min: 1,
    fn: (d, a) => shiftMonths(d, -argInt(a, 0, 'subMonth: n')),
  },
  {
    name: 'addYear',
    aliases: ['addYears'],
    params: '(n)',
    returns: 'DateTime',
    doc: 'n years later.',
    min: 1,
    fn: (d, a) => shiftMonths(d, 12 * argInt(a, 0, 'addYear: n')),
  },
  {
    name: 'subYear',
    aliases: ['subYears'],
    params: '(n)',
    returns: 'DateTime',
    doc: 'n years earlier.',
    min: 1,
    fn: (d, a) => shiftMonths(d, -12 * argInt(a, 0, 'subYear: n')),
  },
  { name: 'getDay', aliases: ['day'], params: '()', returns: 'Number', doc: 'Day of month (1–31).', fn: part((t) => t.getUTCDate()) },
  { name: 'getMonth', aliases: ['month'], params: '()', returns: 'Number', doc: 'Month (1–12).', fn: part((t) => t.getUTCMonth() + 1) },
  { name: 'getYear', aliases: ['year'], params: '()', returns: 'Number', doc: 'Year.', fn: part((t) => t.getUTCFullYear()) },
  { name: 'getHour', aliases: ['hour'], params: '()', returns: 'Number', doc: 'Hour (0–23).', fn: part((t) => t.getUTCHours()) },
  { name: 'getMinutes', aliases: ['minute'], params: '()', returns: 'Number', doc: 'Minutes.', fn: part((t) => t.getUTCMinutes()) },
  { name: 'getSeconds', aliases: ['second'], params: '()', returns: 'Number', doc: 'Seconds.', fn: part((t) => t.getUTCSeconds()) },
  {
    name: 'getDayOfWeek',
    aliases: ['weekday'],
    params: '()',
    returns: 'Number',
    doc: 'Day of week, 1 = Sunday.',
    fn: part((t) => t.getUTCDay() + 1),
  },
  {
    name: 'getDayOfYear',
    params: '()',
    returns: 'Number',
    doc: 'Day of year (1–366).',
    fn: (d) => Math.floor((d.time - Date.UTC(new Date(d.time).getUTCFullYear(), 0, 1)) / DAY) + 1,
  },
  { name: 'toLong', params: '()', returns: 'Number', doc: 'Epoch milliseconds.', fn: (d) => d.time },
  { name: 'toDate', params: '()', returns: 'Date', doc: 'The date part.', fn: (d) => truncateToDay(d) },
  { name: 'toDateTime', aliases: ['toTime'], params: '()', returns: 'DateTime', doc: 'As a date-time.', fn: (d) => new DelugeDate(d.time, true) },
  {
    name: 'toStartOfMonth',
    params: '()',
    returns: 'Date',
    doc: 'First day of the month.',
    fn: (d) => {
      const t = new Date(d.time);
      return new DelugeDate(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1), false);
    },
  },
  {
    name: 'daysBetween',
    params: '(other)',
    returns: 'Number',
    doc: 'Whole days from this date to other.',
    min: 1,
    fn: (d, a) => daysBetween(d, argDate(a, 0, 'daysBetween: the argument', tryDate)),
  },
  {
    name: 'days360',
    params: '(other)',
    returns: 'Number',
    doc: 'Days from this date to other, counting 30-day months (US method).',
    min: 1,
    fn: (d, a) => days360(d, argDate(a, 0, 'days360: the argument', tryDate)),
  },
  {
    name: 'monthsBetween',
    params: '(other)',
    returns: 'Number',
    doc: 'Whole 30-day months from this date to other.',
    min: 1,
    fn: (d, a) => monthsBetween(d, argDate(a, 0, 'monthsBetween: the argument', tryDate)),
  },
  {
    name: 'addBusinessDay',
    aliases: ['addBusinessDays', 'workday'],
    params: '(n, weekends?, holidays?)',
    returns: 'DateTime',
    doc: 'n business days later (weekends default to Saturday and Sunday).',
    min: 1,
    max: 3,
    fn: businessDays(false, 'addBusinessDay'),
  },
  {
    name: 'subBusinessDay',
    aliases: ['subBusinessDays'],
    params: '(n, weekends?, holidays?)',
    returns: 'DateTime',
    doc: 'n business days earlier.',
    min: 1,
    max: 3,
    fn: businessDays(true, 'subBusinessDay'),
  },
  {
    name: 'addBusinessHour',
    aliases: ['addBusinessHours'],
    params: '(hours, weekends?, holidays?, businessHours?)',
    returns: 'DateTime',
    doc: 'Adds (negative: subtracts) working hours; business hours default to {"start":9,"end":17}.',
    min: 1,
    max: 4,
    fn: (d, a) =>
      shiftBusinessHours(
        d,
        argNumber(a, 0, 'addBusinessHour: the hours'),
        workCalendar(optList(a, 1, 'addBusinessHour: the weekends'), optList(a, 2, 'addBusinessHour: the holidays'), 'addBusinessHour'),
        businessHours(a.length > 3 ? argMap(a, 3, 'addBusinessHour: the business hours') : undefined, 'addBusinessHour'),
        'addBusinessHour',
      ),
  },
  {
    name: 'nextWeekDay',
    params: '(dayName)',
    returns: 'Date',
    doc: 'The first date after this one that falls on the day (e.g. "Monday").',
    min: 1,
    fn: (d, a) => stepToWeekday(d, weekdayIndex(a[0] as Value, 'nextWeekDay'), false),
  },
  {
    name: 'previousWeekDay',
    params: '(dayName)',
    returns: 'Date',
    doc: 'The last date before this one that falls on the day.',
    min: 1,
    fn: (d, a) => stepToWeekday(d, weekdayIndex(a[0] as Value, 'previousWeekDay'), true),
  },
]);

/** `list.toString(separator)` and `toString(list, separator)` join the elements' text. */
export const joinList = (l: DList, separator: string): string => l.map((e) => toText(e)).join(separator);

/** Methods any non-null value answers; checked after the type's own table. */
export const COMMON_METHODS = table<Value>([
  {
    name: 'toString',
    aliases: ['toText'],
    params: '(format?, timeZone?)',
    returns: 'Text',
    doc: 'Text form; maps give compact JSON; dates accept a pattern and time zone, numbers a pattern such as "#,##0.00".',
    max: 2,
    fn: (v, a) => {
      if (v instanceof DelugeDate && a.length > 0) {
        try {
          return formatDate(v, argText(a, 0, 'toString: the format'), a.length > 1 ? argText(a, 1, 'toString: the time zone') : undefined);
        } catch (e) {
          if (e instanceof DateFormatError) throw new ValueError(`toString: ${e.message}`);
          throw e;
        }
      }
      if (Array.isArray(v) && a.length > 0) return joinList(v, argText(a, 0, 'toString: the separator'));
      if (typeof v === 'number' && a.length > 0) return formatNumberPattern(v, argText(a, 0, 'toString: the format'));
      if (typeof v === 'string' && a.length > 0) {
        const format = argText(a, 0, 'toString: the format');
        // Amounts often arrive as text ("1234.50"); a digit pattern formats them as numbers.
        if (isNumberPattern(format) && isNumericText(v)) return formatNumberPattern(Number(v), format);
        const d = valueToDate(v, null, 'toString', true);
        return formatDate(d, argText(a, 0, 'toString: the format'), a.length > 1 ? argText(a, 1, 'toString: the time zone') : undefined);
      }
      return toText(v);
    },
  },
  { name: 'toJSON', aliases: ['toJSONString'], params: '()', returns: 'Text', doc: 'JSON text.', fn: (v) => toJson(v) },
  { name: 'isNull', params: '()', returns: 'Boolean', doc: 'True for null.', fn: (v) => v === null },
  {
    name: 'isEmpty',
    params: '()',
    returns: 'Boolean',
    doc: 'True for null, empty text, empty map or list.',
    fn: (v) => v === null || v === '' || (v instanceof Map && v.size === 0) || (Array.isArray(v) && v.length === 0),
  },
  {
    name: 'isBlank',
    params: '()',
    returns: 'Boolean',
    doc: 'True for null or text of only white space.',
    fn: (v) => v === null || (typeof v === 'string' && v.trim() === ''),
  },
]);

/** Methods that may be called on null without an error. */
export const NULL_SAFE_METHODS = new Set(['isnull', 'isempty', 'isblank']);
