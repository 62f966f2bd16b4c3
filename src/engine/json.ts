/** JSON bodies, parsed once: the log's redacted copy and the function that reads a response share one parse. */
import type { HttpResult } from './ports.ts';

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

const NOT_JSON: ParsedJson = { ok: false };

/** Only an object or an array counts: a bare `"text"` or `42` body is shown as text. */
export function parseJsonText(text: string): ParsedJson {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return NOT_JSON;
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return NOT_JSON;
  }
}

const parsed = new WeakMap<HttpResult, ParsedJson>();

/** The response's body as JSON, parsed once per result (results are not changed once made). Readers must not change the value. */
export function responseJson(res: HttpResult): ParsedJson {
  let json = parsed.get(res);
  if (!json) {
    json = parseJsonText(res.bodyText);
    parsed.set(res, json);
  }
  return json;
}
