/**
 * Date-time text forms. Deluge uses Java `SimpleDateFormat` patterns; this covers the letters scripts
 * use (y M d H h m s S a E z Z X and 'quoted' text). Values are read in UTC unless a time zone is given.
 */
import type { DelugeDate } from './values.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const DEFAULT_DATE_FORMAT = 'dd-MMM-yyyy';
export const DEFAULT_DATETIME_FORMAT = 'dd-MMM-yyyy HH:mm:ss';

export class DateFormatError extends Error {}

type Part = { letter: string; count: number } | { text: string };

function splitPattern(pattern: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close === i + 1) {
        parts.push({ text: "'" });
        i += 2;
        continue;
      }
      const end = close < 0 ? pattern.length : close;
      parts.push({ text: pattern.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (!'yMdHhmsSaEzZXuk'.includes(c)) throw new DateFormatError(`the date pattern letter '${c}' is not supported (pattern "${pattern}")`);
      parts.push({ letter: c, count: j - i });
      i = j;
      continue;
    }
    parts.push({ text: c });
    i++;
  }
  return parts;
}

const GMT_OFFSET = /^(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Java's custom zone ids `GMT-04:00`, `GMT+5:30`, `GMT+0530` (java.util.TimeZone) as minutes, or null. */
export function gmtOffsetMinutes(zone: string): number | null {
  const m = GMT_OFFSET.exec(zone.trim());
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3] ?? 0);
  if (h > 23 || min > 59) throw new DateFormatError(`time zone "${zone}" is not a valid offset (hours up to 23, minutes up to 59)`);
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/** Offset of `timeZone` from UTC at `time`, in minutes. */
export function zoneOffsetMinutes(time: number, timeZone: string): number {
  const fixed = gmtOffsetMinutes(timeZone);
  if (fixed !== null) return fixed;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new DateFormatError(`unknown time zone "${timeZone}"`);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(time))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((asUtc - Math.floor(time / 1000) * 1000) / 60000);
}

const pad = (n: number, w: number): string => String(Math.abs(n)).padStart(w, '0');

export function formatDate(d: DelugeDate, pattern: string | null, timeZone?: string): string {
  const fmt = pattern ?? (d.hasTime ? DEFAULT_DATETIME_FORMAT : DEFAULT_DATE_FORMAT);
  const offset = timeZone === undefined ? 0 : zoneOffsetMinutes(d.time, timeZone);
  const t = new Date(d.time + offset * 60000);
  let out = '';
  for (const part of splitPattern(fmt)) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    const n = part.count;
    switch (part.letter) {
      case 'y':
      case 'u':
        out += n === 2 ? pad(t.getUTCFullYear() % 100, 2) : pad(t.getUTCFullYear(), n);
        break;
      case 'M': {
        const m = t.getUTCMonth();
        out += n >= 4 ? MONTHS_LONG[m] : n === 3 ? MONTHS[m] : pad(m + 1, n);
        break;
      }
      case 'd':
        out += pad(t.getUTCDate(), n);
        break;
      case 'H':
        out += pad(t.getUTCHours(), n);
        break;
      case 'k':
        out += pad(t.getUTCHours() || 24, n);
        break;
      case 'h':
        out += pad(t.getUTCHours() % 12 || 12, n);
        break;
      case 'm':
        out += pad(t.getUTCMinutes(), n);
        break;
      case 's':
        out += pad(t.getUTCSeconds(), n);
        break;
      case 'S':
        out += pad(t.getUTCMilliseconds(), 3).slice(0, Math.max(n, 3));
        break;
      case 'a':
        out += t.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
      case 'E':
        out += n >= 4 ? DAYS_LONG[t.getUTCDay()] : DAYS[t.getUTCDay()];
        break;
      case 'z':
        out += timeZone ?? 'UTC';
        break;
      case 'Z':
        out += (offset < 0 ? '-' : '+') + pad(Math.floor(Math.abs(offset) / 60), 2) + pad(Math.abs(offset) % 60, 2);
        break;
      case 'X':
        out +=
          offset === 0
            ? 'Z'
            : (offset < 0 ? '-' : '+') + pad(Math.floor(Math.abs(offset) / 60), 2) + (n >= 3 ? ':' : '') + pad(Math.abs(offset) % 60, 2);
        break;
      default:
        break;
    }
  }
  return out;
}

const MONTH_INDEX = new Map(MONTHS.map((m, i) => [m.toLowerCase(), i] as const));
for (const [i, m] of MONTHS_LONG.entries()) MONTH_INDEX.set(m.toLowerCase(), i);

export interface ParsedDate {
  time: number;
  hasTime: boolean;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DELUGE = /^(\d{1,2})[-/ ]([A-Za-z]{3,9})[-/ ](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): number | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, s, ms) - offsetMin * 60000;
  const check = new Date(Date.UTC(y, mo, d));
  if (check.getUTCDate() !== d) return null;
  return t;
}

function parseOffset(z: string | undefined): number {
  if (z === undefined || z.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (!m) return 0;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -v : v;
}

function hour12(h: number, ampm: string | undefined): number {
  if (ampm === undefined) return h;
  const pm = ampm.toLowerCase() === 'pm';
  return (h % 12) + (pm ? 12 : 0);
}

/** Recognises ISO-8601, Deluge's `dd-MMM-yyyy[ HH:mm:ss]` and `MM/dd/yyyy`. */
export function parseDateText(text: string): ParsedDate | null {
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) {
    const hasTime = m[4] !== undefined;
    const t = build(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
      parseOffset(m[8]),
    );
    return t === null ? null : { time: t, hasTime };
  }
  m = DELUGE.exec(s);
  if (m) {
    const mo = MONTH_INDEX.get((m[2] ?? '').toLowerCase());
    if (mo === undefined) return null;
    const t = build(Number(m[3]), mo, Number(m[1]), hour12(Number(m[4] ?? 0), m[7]), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, 0);
    return t === null ? null : { time: t, hasTime: m[4] !== undefined };
  }
  m = SLASHED.exec(s);
  if (m) {
    const t = build(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour12(Number(m[4] ?? 0), m[7]), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, 0);
    return t === null ? null : { time: t, hasTime: m[4] !== undefined };
  }
  return null;
}

/** Parses `text` laid out as `pattern` (same letters as formatDate). */
export function parseDateWithPattern(text: string, pattern: string): ParsedDate | null {
  const groups: string[] = [];
  let re = '^';
  for (const part of splitPattern(pattern)) {
    if ('text' in part) {
      re += part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    groups.push(part.letter + part.count);
    switch (part.letter) {
      case 'M':
        re += part.count >= 3 ? '([A-Za-z]{3,9})' : '(\\d{1,2})';
        break;
      case 'y':
      case 'u':
        re += part.count === 2 ? '(\\d{2})' : '(\\d{4})';
        break;
      case 'a':
        re += '([AaPp][Mm])';
        break;
      case 'E':
        re += '([A-Za-z]+)';
        break;
      case 'z':
      case 'Z':
      case 'X':
        re += '(Z|[+-]\\d{2}:?\\d{2}|(?:GMT|UTC)[+-]\\d{1,2}(?::?\\d{2})?|[A-Za-z/_]+)';
        break;
      case 'S':
        re += '(\\d{1,9})';
        break;
      default:
        re += '(\\d{1,2})';
    }
  }
  const m = new RegExp(re + '$').exec(text.trim());
  if (!m) return null;
  let y = 1970,
    mo = 0,
    d = 1,
    h = 0,
    mi = 0,
    s = 0,
    ms = 0,
    off = 0;
  let ampm: string | undefined;
  let hasTime = false;
  groups.forEach((g, i) => {
    const v = m[i + 1] ?? '';
    switch (g[0]) {
      case 'y':
      case 'u':
        y = g === 'y2' || g === 'u2' ? 2000 + Number(v) : Number(v);
        break;
      case 'M':
        mo = /\d/.test(v) ? Number(v) - 1 : (MONTH_INDEX.get(v.toLowerCase()) ?? -1);
        break;
      case 'd':
        d = Number(v);
        break;
      case 'H':
      case 'k':
      case 'h':
        h = Number(v);
        hasTime = true;
        break;
      case 'm':
        mi = Number(v);
        hasTime = true;
        break;
      case 's':
        s = Number(v);
        break;
      case 'S':
        ms = Number(v.padEnd(3, '0').slice(0, 3));
        break;
      case 'a':
        ampm = v;
        break;
      case 'Z':
      case 'X':
        off = gmtOffsetMinutes(v) ?? parseOffset(v);
        break;
      case 'z':
        off = gmtOffsetMinutes(v) ?? off;
        break;
      default:
        break;
    }
  });
  const t = build(y, mo, d, hour12(h, ampm), mi, s, ms, off);
  return t === null ? null : { time: t, hasTime };
}
