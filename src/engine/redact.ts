/**
 * Redaction for everything the engine logs. Secrets are matched by key name and by shape; an
 * Error is reduced to its name and message because providers put token bodies in `cause`
 * (oauth4webapi does).
 */
import { parseJsonText, type ParsedJson } from './json.ts';
import type { RequestBody } from './ports.ts';

export const REDACTED = '[REDACTED]';

const SECRET_KEY = /token|secret|password|passwd|api[-_]?key|authorization|cookie|credential|code_verifier|^key$|[-_]key$/i;
/** An OAuth authorization code travels as `code` in query strings and forms. */
const CODE_KEY = /^code$/i;
/**
 * In JSON, `code` is also the providers' error code: Books sends numbers, Bigin UPPER_SNAKE words.
 * Those stay readable; anything else under `code` is treated as an authorization code.
 */
const ERROR_CODE_VALUE = /^[A-Z][A-Z0-9_]*$/;
const CREDENTIAL_IN_TEXT = /\b(Bearer|Zoho-oauthtoken|Basic)\s+[^\s",;]+/gi;
const SECRET_PAIR_IN_TEXT =
  /(\b(?:access_token|refresh_token|id_token|token|client_secret|code_verifier|password|api[-_]?key|secret)["']?\s*[=:]\s*["']?)[^&\s"',;}]+/gi;
const CODE_PAIR_IN_TEXT = /(\bcode=)[^&\s"',;]+/gi;

const MAX_TEXT = 64 * 1024;
const MAX_DEPTH = 20;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Cheap pre-check so ordinary text (names, emails, ids) skips the replacements. */
const MAYBE_SECRET = /bearer|oauthtoken|basic|token|secret|password|api[-_]?key|code/i;

export function redactText(text: string): string {
  if (text.length <= MAX_TEXT && !MAYBE_SECRET.test(text)) return text;
  const clipped = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)` : text;
  return clipped
    .replace(CREDENTIAL_IN_TEXT, `$1 ${REDACTED}`)
    .replace(SECRET_PAIR_IN_TEXT, `$1${REDACTED}`)
    .replace(CODE_PAIR_IN_TEXT, `$1${REDACTED}`);
}

function isProviderErrorCode(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && ERROR_CODE_VALUE.test(value));
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Secret-looking entries replaced. With `share`, plain objects and arrays with nothing to hide are
 * returned as they are instead of copied; anything else (class instances, Maps…) is always rebuilt.
 */
function redactDeep(value: unknown, depth: number, share: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? String(typeof value) : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let out: unknown[] | null = share ? null : new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const next = redactDeep(item, depth + 1, share);
      if (out === null) {
        if (next === item) continue;
        out = items.slice(0, i);
      }
      out[i] = next;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let out: Record<string, unknown> | null = share && isPlainObject(value) ? null : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = record[key];
    const next = isSecretKey(key) || (CODE_KEY.test(key) && !isProviderErrorCode(item)) ? REDACTED : redactDeep(item, depth + 1, share);
    if (out === null) {
      if (next === item) continue;
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = record[keys[j]!];
    }
    out[key] = next;
  }
  return out ?? value;
}

/** A deep copy of `value` with secret-looking entries replaced. Never keeps an Error's `cause`. */
export function redactValue(value: unknown): unknown {
  return redactDeep(value, 0, false);
}

/**
 * Like `redactValue` for the run log, without copying what has nothing to hide: the result may be
 * `value` itself or share parts with it, so neither may be changed afterwards.
 */
export function redactShared(value: unknown): unknown {
  return redactDeep(value, 0, true);
}

/** Header and form maps: every secret key, and `code`, hidden. */
export function redactPairs(pairs: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!pairs) return out;
  for (const [key, value] of Object.entries(pairs)) {
    out[key] = isSecretKey(key) || CODE_KEY.test(key) ? REDACTED : redactText(value);
  }
  return out;
}

/** Whether the URL's authority carries userinfo (`user:pass@`). */
function hasUserinfo(url: string): boolean {
  const scheme = url.indexOf('//');
  if (scheme < 0) return url.includes('@');
  const start = scheme + 2;
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, start);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start, end).includes('@');
}

/** True when every query key is written plainly (no escapes) and none looks secret. */
function plainQuery(url: string): boolean {
  const start = url.indexOf('?');
  if (start < 0) return true;
  const end = url.indexOf('#', start);
  for (const pair of url.slice(start + 1, end < 0 ? undefined : end).split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key.includes('%') || key.includes('+') || isSecretKey(key) || CODE_KEY.test(key)) return false;
  }
  return true;
}

export function redactUrl(url: string): string {
  // Secrets in a URL live in the query or the userinfo; without either there is nothing to parse.
  if (!hasUserinfo(url) && plainQuery(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  parsed.username = '';
  parsed.password = '';
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretKey(key) || CODE_KEY.test(key)) {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  return changed || parsed.href !== url ? parsed.href : url;
}

/** A response or text body: parsed and redacted when it is JSON, redacted text otherwise. Shares what has nothing to hide. */
export function redactBodyText(text: string, parsed: ParsedJson = parseJsonText(text)): unknown {
  if (text === '') return undefined;
  if (parsed.ok) return redactShared(parsed.value);
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(text.trim())) {
    return redactForm(Object.fromEntries(new URLSearchParams(text)));
  }
  return redactText(text);
}

function redactForm(fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (isSecretKey(key) || CODE_KEY.test(key)) out[key] = REDACTED;
    else {
      // Books' legacy `JSONString` field carries the whole payload as JSON (https://www.zoho.com/books/api/v3/contacts/).
      const parsed = parseJsonText(value);
      out[key] = parsed.ok ? redactShared(parsed.value) : redactText(value);
    }
  }
  return out;
}

export function redactRequestBody(body: RequestBody | undefined): unknown {
  if (!body) return undefined;
  switch (body.kind) {
    case 'json':
      return redactShared(body.value);
    case 'form':
      return redactForm(body.fields);
    case 'text':
      return redactBodyText(body.value);
  }
}
