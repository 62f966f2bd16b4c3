/**
 * Bigin writes times as ISO 8601 with the user's offset, second precision
 * (`2026-12-04T12:01:05+05:30`). Equal times in different offsets are common, so times are compared
 * as instants, never as strings.
 */
const ZOHO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds, or NaN when the value is not a Zoho date-time. */
export function zohoInstant(value: unknown): number {
  if (typeof value !== 'string' || !ZOHO_TIME.test(value)) return Number.NaN;
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/**
 * The `If-Modified-Since` value Zoho CRM documents for record lists: ISO 8601 with an offset, not an
 * HTTP-date. @see https://www.zoho.com/crm/developer/docs/api/v2/get-records.html (Request headers)
 */
export function ifModifiedSince(instant: number): string {
  return `${new Date(Math.floor(instant / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** The server's clock from an answer's `Date` header (RFC 9110 §6.6.1), when it is readable. */
export function serverTime(headers: Record<string, string>): number | null {
  const value = headers.date;
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
