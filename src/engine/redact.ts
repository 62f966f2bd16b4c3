/**
 * Redaction for everything the engine logs. Secrets are matched by key name and by shape; an
 * Error is reduced to its name and message because providers put token bodies in `cause`
 * (oauth4webapi does).
 */
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
  return clipped.replace(CREDENTIAL_IN_TEXT, `$1 ${REDACTED}`).replace(SECRET_PAIR_IN_TEXT, `$1${REDACTED}`)
    .replace(CODE_PAIR_IN_TEXT, `$1${REDACTED}`);
}

/** A deep copy of `value` with secret-looking entries replaced. Never keeps an Error's `cause`. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? String(typeof value) : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKey(key)) out[key] = REDACTED;
    else if (CODE_KEY.test(key) && !(typeof item === 'number' || (typeof item === 'string' && ERROR_CODE_VALUE.test(item))))
      out[key] = REDACTED;
    else out[key] = redactValue(item, depth + 1);
  }
  return out;
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

export function redactUrl(url: string): string {
  // Secrets in a URL live in the query or the userinfo; without either there is nothing to parse.
  if (!url.includes('?') && !url.includes('@')) return url;
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

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A response or text body: parsed and redacted when it is JSON, redacted text otherwise. */
export function redactBodyText(text: string): unknown {
  if (text === '') return undefined;
  const parsed = parseJson(text);
  if (parsed.ok) return redactValue(parsed.value);
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
      // Books' legacy `JSONString` field carries the whole payload as JSON (zoho-apis.md §2.5).
      const parsed = parseJson(value);
      out[key] = parsed.ok ? redactValue(parsed.value) : redactText(value);
    }
  }
  return out;
}

export function redactRequestBody(body: RequestBody | undefined): unknown {
  if (!body) return undefined;
  switch (body.kind) {
    case 'json':
      return redactValue(body.value);
    case 'form':
      return redactForm(body.fields);
    case 'text':
      return redactBodyText(body.value);
  }
}
