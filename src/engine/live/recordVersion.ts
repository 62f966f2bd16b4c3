/**
 * A short fingerprint of a record's content as a list returned it. Bigin's Modified_Time has second
 * precision, so a record written twice in one second (a create and the workflow rule that edits it
 * right after, or a quick second save) keeps one Modified_Time; the fingerprint tells the two apart.
 */

/**
 * Left out because they change without the record being edited: Last_Activity_Time moves when a note
 * or an activity is added, and a lookup's display name follows the looked-up record (only its id is
 * the contact's own data).
 */
const VOLATILE_FIELDS = new Set(['Last_Activity_Time']);

function lookupOrValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'id' in value) return { id: (value as { id: unknown }).id };
  return value;
}

/** JSON with object keys sorted, so the same content always gives the same text. */
function stableText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** FNV-1a, 32 bits (IETF draft-eastlake-fnv): fast and well spread; a collision only hides an edit made within the same second. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function recordVersion(record: Record<string, unknown>): string {
  const own = Object.fromEntries(
    Object.entries(record)
      .filter(([field]) => !VOLATILE_FIELDS.has(field))
      .map(([field, value]) => [field, lookupOrValue(value)]),
  );
  return fnv1a(stableText(own)).toString(36);
}
