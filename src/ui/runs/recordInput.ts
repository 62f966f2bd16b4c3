/** A record pasted as JSON: parsed, or a sentence saying exactly what is wrong. */
export type RecordInput = { ok: true; record: Record<string, unknown> } | { ok: false; error: string };

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function parseRecordJson(text: string): RecordInput {
  if (text.trim() === '')
    return { ok: false, error: 'Paste a record as a JSON object, e.g. {"id": "4150868000000225013", "Email": "jane@example.com"}.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `This is not valid JSON: ${error instanceof Error ? error.message : String(error)}.` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, error: `The record must be a JSON object ({ … }), not ${kindOf(value)}.` };
  return { ok: true, record: value as Record<string, unknown> };
}
