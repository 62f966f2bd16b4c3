/**
 * `number.toString(pattern)` with Java `DecimalFormat` patterns, which Deluge's number formatting
 * follows: `0` a digit, `#` a digit without leading/trailing zeros, `,` grouping, `.` the decimal
 * point, `%` ×100, `‰` ×1000, `'…'` quoted text, `positive;negative` sub-patterns, and HALF_EVEN
 * rounding of the number's exact value.
 * @see https://docs.oracle.com/javase/8/docs/api/java/text/DecimalFormat.html
 */
import { ValueError } from './values.ts';

interface Affixes {
  prefix: string;
  suffix: string;
  multiplier: number;
}

interface NumberPattern {
  positive: Affixes;
  negative: Affixes | null;
  minInt: number;
  minFrac: number;
  maxFrac: number;
  /** 0 when the pattern has no grouping separator. */
  groupSize: number;
}

const NUMBER_CHARS = '#0,.';
/** Fraction digits beyond this are not kept; a double has no more than 17 significant ones. */
const MAX_FRACTION = 60;

/** Affix text with its quotes resolved, and the multiplier a `%` or `‰` in it asks for. */
function readAffix(text: string, pattern: string): { text: string; multiplier: number } {
  let out = '';
  let multiplier = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new ValueError(`toString: the number pattern "${pattern}" opens a quote it never closes`);
      out += close === i + 1 ? "'" : text.slice(i + 1, close);
      i = close;
      continue;
    }
    if (c === '%') multiplier = 100;
    else if (c === '\u2030') multiplier = 1000;
    out += c;
  }
  return { text: out, multiplier };
}

/** Splits `prefix number suffix`, honouring quotes, so `'#'0` has the prefix `#`. */
function splitSubpattern(sub: string, pattern: string): { prefix: string; number: string; suffix: string } {
  let i = 0;
  let inQuote = false;
  while (i < sub.length && (inQuote || !NUMBER_CHARS.includes(sub[i] as string))) {
    if (sub[i] === "'") inQuote = !inQuote;
    i++;
  }
  if (inQuote) throw new ValueError(`toString: the number pattern "${pattern}" opens a quote it never closes`);
  let j = i;
  while (j < sub.length && NUMBER_CHARS.includes(sub[j] as string)) j++;
  const number = sub.slice(i, j);
  if (!/[#0]/.test(number)) throw new ValueError(`toString: "${pattern}" is not a number pattern (it needs at least one 0 or #)`);
  return { prefix: sub.slice(0, i), number, suffix: sub.slice(j) };
}

function affixes(prefix: string, suffix: string, pattern: string): Affixes {
  const p = readAffix(prefix, pattern);
  const s = readAffix(suffix, pattern);
  return { prefix: p.text, suffix: s.text, multiplier: Math.max(p.multiplier, s.multiplier) };
}

function parsePattern(pattern: string): NumberPattern {
  const [posText, negText] = splitTopLevel(pattern);
  const pos = splitSubpattern(posText, pattern);
  const [intPart, fracPart = ''] = pos.number.split('.', 2) as [string, string?];
  if (fracPart.includes(',') || pos.number.split('.').length > 2)
    throw new ValueError(`toString: the number pattern "${pattern}" has a misplaced '.' or ','`);
  const lastComma = intPart.lastIndexOf(',');
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  const result: NumberPattern = {
    positive: affixes(pos.prefix, pos.suffix, pattern),
    negative: null,
    minInt: (intPart.match(/0/g) ?? []).length,
    minFrac,
    maxFrac: Math.min(MAX_FRACTION, fracPart.length),
    groupSize: lastComma < 0 ? 0 : intPart.length - lastComma - 1,
  };
  if (negText !== undefined) {
    const neg = splitSubpattern(negText, pattern);
    result.negative = affixes(neg.prefix, neg.suffix, pattern);
  }
  return result;
}

/** `positive;negative`, ignoring a `;` inside quotes. */
function splitTopLevel(pattern: string): [string, string | undefined] {
  let inQuote = false;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "'") inQuote = !inQuote;
    else if (pattern[i] === ';' && !inQuote) return [pattern.slice(0, i), pattern.slice(i + 1)];
  }
  return [pattern, undefined];
}

/** Digits of |x| rounded HALF_EVEN to `places` fraction digits, as `[integer, fraction]`. */
function roundHalfEven(x: number, places: number): [string, string] {
  if (x >= 1e21) return [BigInt(x).toString(), ''];
  // toFixed prints the double's exact value, so a tie is a true tie, as DecimalFormat sees it.
  const exact = x.toFixed(Math.min(100, places + 30));
  const dot = exact.indexOf('.');
  let kept = places === 0 ? exact.slice(0, dot) : exact.slice(0, dot + 1 + places);
  const rest = exact.slice(dot + 1 + places);
  const first = rest[0] ?? '0';
  const lastOdd = Number(kept.slice(-1)) % 2 === 1;
  if (first > '5' || (first === '5' && (/[1-9]/.test(rest.slice(1)) || lastOdd))) kept = increment(kept);
  const [int, frac = ''] = kept.split('.') as [string, string?];
  return [int, frac];
}

/** Adds one unit in the last place of a non-negative decimal text. */
function increment(text: string): string {
  const chars = text.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i] as string;
    if (c === '.') continue;
    if (c !== '9') {
      chars[i] = String(Number(c) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return '1' + chars.join('');
}

function group(int: string, size: number): string {
  if (size <= 0 || int.length <= size) return int;
  const parts: string[] = [];
  for (let end = int.length; end > 0; end -= size) parts.unshift(int.slice(Math.max(0, end - size), end));
  return parts.join(',');
}

/** A pattern of digits (`#`, `0`) and no date letters outside quotes, such as `"$#,##0.00"`. */
export function isNumberPattern(pattern: string): boolean {
  const bare = pattern.replace(/'[^']*'/g, '');
  return /[#0]/.test(bare) && !/[A-Za-z]/.test(bare);
}

export function formatNumberPattern(n: number, pattern: string): string {
  if (!Number.isFinite(n)) return String(n);
  const p = parsePattern(pattern);
  const negative = n < 0 || Object.is(n, -0);
  const aff = negative && p.negative !== null ? p.negative : p.positive;
  const scaled = Math.abs(n) * aff.multiplier;
  let [int, frac] = roundHalfEven(scaled, p.maxFrac);
  frac = frac.replace(/0+$/, '');
  if (frac.length < p.minFrac) frac = frac.padEnd(p.minFrac, '0');
  int = int.replace(/^0+/, '');
  if (int.length < p.minInt) int = int.padStart(p.minInt, '0');
  if (int === '' && frac === '') int = '0';
  const body = group(int, p.groupSize) + (frac === '' ? '' : '.' + frac);
  const isZero = !/[1-9]/.test(body);
  const sign = negative && p.negative === null && !isZero ? '-' : '';
  return sign + aff.prefix + body + aff.suffix;
}
