/** Text ↔ number/date/collection conversions shared by methods and functions. */
import { DateFormatError, parseDateText, parseDateWithPattern } from './dates.ts';
import { DelugeDate, ValueError, describeValue, parseJsonValue, type DList, type DMap, type Value } from './values.ts';

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function isNumericText(s: string): boolean {
  return NUMERIC.test(s);
}

export function textToNumber(s: string, method: string): number {
  if (!isNumericText(s)) throw new ValueError(`${method}: ${describeValue(s)} is not a number`);
  return Number(s);
}

export function valueToNumber(v: Value, method: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return textToNumber(v, method);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof DelugeDate) return v.time;
  throw new ValueError(`${method}: ${describeValue(v)} cannot be converted to a number`);
}

export function valueToDate(v: Value, pattern: string | null, method: string, keepTime: boolean): DelugeDate {
  if (v instanceof DelugeDate) return keepTime ? v : truncateToDay(v);
  if (typeof v === 'number') return new DelugeDate(v, keepTime);
  if (typeof v !== 'string') throw new ValueError(`${method}: ${describeValue(v)} cannot be converted to a date`);
  let parsed;
  try {
    parsed = pattern === null ? parseDateText(v) : parseDateWithPattern(v, pattern);
  } catch (e) {
    if (e instanceof DateFormatError) throw new ValueError(`${method}: ${e.message}`);
    throw e;
  }
  if (parsed === null) {
    throw new ValueError(
      `${method}: ${describeValue(v)} is not a date${pattern === null ? " (expected e.g. '01-Jan-2024', '01-Jan-2024 13:45:00' or '2024-01-01T13:45:00+05:30')" : ` in the format "${pattern}"`}`,
    );
  }
  const d = new DelugeDate(parsed.time, keepTime && parsed.hasTime);
  return keepTime ? d : truncateToDay(d);
}

export function truncateToDay(d: DelugeDate): DelugeDate {
  return new DelugeDate(Math.floor(d.time / 86400000) * 86400000, false);
}

/** Lenient date coercion used when text meets a date in a comparison. */
export function tryDate(v: Value): DelugeDate | null {
  if (v instanceof DelugeDate) return v;
  if (typeof v !== 'string') return null;
  const p = parseDateText(v);
  return p === null ? null : new DelugeDate(p.time, p.hasTime);
}

export function textToMap(s: string, method: string): DMap {
  const v = parseJsonValue(s);
  if (v instanceof Map) return v;
  throw new ValueError(`${method}: the text is not a JSON object`);
}

export function textToList(s: string, method: string): DList {
  const v = parseJsonValue(s);
  if (Array.isArray(v)) return v;
  throw new ValueError(`${method}: the text is not a JSON array`);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64[a >> 2];
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : B64[c & 63];
  }
  return out;
}

export function base64Decode(s: string): string {
  const clean = s.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (/[^A-Za-z0-9+/]/.test(clean) || clean.length % 4 === 1) throw new ValueError('base64Decode: the text is not base64');
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    buf = (buf << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

export function urlDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new ValueError('urlDecode: the text contains a malformed %-escape');
  }
}
