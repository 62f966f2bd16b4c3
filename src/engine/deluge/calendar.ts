/**
 * Calendar arithmetic: business days and hours, weekday stepping, 360-day and 30-day month counts.
 * Dates are epoch milliseconds read in UTC, like every other date function here.
 */
import { tryDate } from './conversions.ts';
import { DelugeDate, ValueError, describeValue, type Value } from './values.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Far enough for any real schedule; stops a huge count from looping for minutes. */
const MAX_DAYS_SCANNED = 366_000;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** 0 = Sunday … 6 = Saturday, from a full or three-letter English day name. */
export function weekdayIndex(v: Value, what: string): number {
  const name = typeof v === 'string' ? v.trim().toLowerCase() : '';
  const i = WEEKDAYS.findIndex((d) => d === name || (name.length === 3 && d.startsWith(name)));
  if (i < 0) throw new ValueError(`${what}: ${describeValue(v)} is not a day of the week (expected Sunday … Saturday)`);
  return i;
}

const dayNumber = (time: number): number => Math.floor(time / DAY);
const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

export interface WorkCalendar {
  weekends: ReadonlySet<number>;
  holidays: ReadonlySet<number>;
}

/** Zoho's defaults: Saturday and Sunday off, no holidays. */
export function workCalendar(weekends: Value | undefined, holidays: Value | undefined, method: string): WorkCalendar {
  const off = new Set<number>([0, 6]);
  if (weekends !== undefined) {
    if (!Array.isArray(weekends)) throw new ValueError(`${method}: the weekends must be a List of day names, got ${describeValue(weekends)}`);
    off.clear();
    for (const w of weekends) off.add(weekdayIndex(w, `${method}: weekends`));
    if (off.size === 7) throw new ValueError(`${method}: every day of the week is a weekend, so there are no business days`);
  }
  const hol = new Set<number>();
  if (holidays !== undefined) {
    if (!Array.isArray(holidays)) throw new ValueError(`${method}: the holidays must be a List of dates, got ${describeValue(holidays)}`);
    for (const h of holidays) {
      const d = tryDate(h);
      if (d === null) throw new ValueError(`${method}: holiday ${describeValue(h)} is not a date`);
      hol.add(dayNumber(d.time));
    }
  }
  return { weekends: off, holidays: hol };
}

const isBusinessDay = (cal: WorkCalendar, day: number): boolean => !cal.weekends.has(weekdayOf(day)) && !cal.holidays.has(day);

function tooFar(method: string): ValueError {
  return new ValueError(`${method}: the result is more than ${MAX_DAYS_SCANNED.toLocaleString('en-US')} days away`);
}

/**
 * Steps `count` business days forward (or back when `back`), keeping the time of day. Zoho returns the
 * date unchanged for a negative count (deluge/help/functions/datetime/addbusinessday).
 */
export function shiftBusinessDays(d: DelugeDate, count: number, back: boolean, cal: WorkCalendar, method: string): DelugeDate {
  if (count <= 0) return d;
  const step = back ? -1 : 1;
  let day = dayNumber(d.time);
  for (let left = count, scanned = 0; left > 0;) {
    day += step;
    if (++scanned > MAX_DAYS_SCANNED) throw tooFar(method);
    if (isBusinessDay(cal, day)) left--;
  }
  return new DelugeDate(d.time + (day - dayNumber(d.time)) * DAY, d.hasTime);
}

export interface BusinessHours {
  start: number;
  end: number;
}

/** `{"start": 9, "end": 17}`: whole hours on a 24-hour clock (Zoho's default is 9 to 17). */
export function businessHours(v: Value | undefined, method: string): BusinessHours {
  if (v === undefined) return { start: 9, end: 17 };
  if (!(v instanceof Map)) throw new ValueError(`${method}: the business hours must be a Map like {"start": 9, "end": 17}, got ${describeValue(v)}`);
  const hour = (key: string): number => {
    const x = v.get(key);
    const n = typeof x === 'number' ? x : typeof x === 'string' && /^\s*\d{1,2}\s*$/.test(x) ? Number(x) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 24)
      throw new ValueError(
        `${method}: business hours "${key}" must be a whole hour from 0 to 24, got ${x === undefined ? 'nothing' : describeValue(x)}`,
      );
    return n;
  };
  const start = hour('start');
  const end = hour('end');
  if (start >= end) throw new ValueError(`${method}: business hours start (${start}) must be before end (${end})`);
  return { start, end };
}

/**
 * Adds (or, for a negative amount, subtracts) working time. A start outside working hours first moves
 * to the next opening (or, going back, the previous closing); ending exactly at closing time stays there.
 */
export function shiftBusinessHours(d: DelugeDate, hours: number, cal: WorkCalendar, bh: BusinessHours, method: string): DelugeDate {
  let left = Math.round(Math.abs(hours) * HOUR);
  const forward = hours >= 0;
  let day = dayNumber(d.time);
  let cur = d.time;
  for (let scanned = 0; ; scanned++) {
    if (scanned > MAX_DAYS_SCANNED) throw tooFar(method);
    const open = day * DAY + bh.start * HOUR;
    const close = day * DAY + bh.end * HOUR;
    if (isBusinessDay(cal, day)) {
      if (forward) {
        const from = Math.max(cur, open);
        if (from < close || (left === 0 && from <= close)) {
          if (left <= close - from) return new DelugeDate(from + left, true);
          left -= close - from;
        }
      } else {
        const from = Math.min(cur, close);
        if (from > open || (left === 0 && from >= open)) {
          if (left <= from - open) return new DelugeDate(from - left, true);
          left -= from - open;
        }
      }
    }
    day += forward ? 1 : -1;
    cur = forward ? -Infinity : Infinity;
  }
}

/** The first date strictly after (or before) `d` that falls on `weekday`. */
export function stepToWeekday(d: DelugeDate, weekday: number, back: boolean): DelugeDate {
  const today = weekdayOf(dayNumber(d.time));
  const diff = back ? -(((today - weekday + 6) % 7) + 1) : ((weekday - today + 6) % 7) + 1;
  return new DelugeDate(d.time + diff * DAY, d.hasTime);
}

/**
 * Days between two dates counting every month as 30 days, by the US (NASD) rule spreadsheets use by
 * default: a start on the 31st or the last day of February counts as the 30th; an end on the 31st
 * counts as the 30th when the start is the 30th or later.
 */
export function days360(a: DelugeDate, b: DelugeDate): number {
  const s = new Date(a.time);
  const e = new Date(b.time);
  const lastOfFeb = (t: Date): boolean => t.getUTCMonth() === 1 && new Date(t.getTime() + DAY).getUTCMonth() === 2;
  let d1 = s.getUTCDate();
  let d2 = e.getUTCDate();
  if (lastOfFeb(s) && lastOfFeb(e)) d2 = 30;
  if (lastOfFeb(s)) d1 = 30;
  if (d2 === 31 && d1 >= 30) d2 = 30;
  if (d1 === 31) d1 = 30;
  return (e.getUTCFullYear() - s.getUTCFullYear()) * 360 + (e.getUTCMonth() - s.getUTCMonth()) * 30 + (d2 - d1);
}

/** Zoho counts a month as 30 days here (deluge/help/functions/datetime/totalmonth contrasts the two). */
export function monthsBetween(a: DelugeDate, b: DelugeDate): number {
  const n = Math.trunc((dayNumber(b.time) - dayNumber(a.time)) / 30);
  return n === 0 ? 0 : n;
}
