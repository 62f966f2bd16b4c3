/** Sample trigger records for a test run, listed live through the workflow's own Bigin connection. */
import { z } from 'zod';
import { AppError } from '../../domain/index.ts';
import type { HttpPort, HttpResult } from '../../engine/ports.ts';

export const BIGIN_CONTACTS_URL = 'https://www.zohoapis.com/bigin/v2/Contacts';
const SAMPLE_FIELDS = ['First_Name', 'Last_Name', 'Email', 'Phone', 'Mobile', 'Account_Name', 'Modified_Time'];

const ListAnswer = z.object({ data: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) })) });

export type SampleRecord = z.infer<typeof ListAnswer>['data'][number];

function failure(linkName: string, result: HttpResult): AppError {
  let why = `HTTP ${result.status}`;
  try {
    const body = z.object({ code: z.string(), message: z.string() }).safeParse(JSON.parse(result.bodyText));
    if (body.success) why = `${body.data.message} (${body.data.code}, HTTP ${result.status})`;
  } catch {
    // A non-JSON answer keeps the bare status.
  }
  return new AppError('HTTP_STATUS', `Bigin could not list contacts through "${linkName}": ${why}`, { linkName, status: result.status });
}

/** The newest contacts first. A 401 refreshes the token once, as the engine does. */
export async function listSampleContacts(http: HttpPort, linkName: string, signal: AbortSignal, limit = 50): Promise<SampleRecord[]> {
  const request = {
    linkName,
    method: 'GET' as const,
    url: BIGIN_CONTACTS_URL,
    query: { fields: SAMPLE_FIELDS.join(','), per_page: String(limit), sort_by: 'Modified_Time', sort_order: 'desc' },
  };
  let result = await http.send(request, { signal });
  if (result.status === 401) result = await http.send(request, { signal, forceRefresh: true });
  // The CRM family answers an empty list with 204 No Content (https://www.bigin.com/developer/docs/apis/v2/status-codes.html).
  if (result.status === 204) return [];
  if (result.status !== 200) throw failure(linkName, result);
  let body: unknown;
  try {
    body = JSON.parse(result.bodyText);
  } catch {
    throw new AppError('HTTP_STATUS', `Bigin answered the contact list through "${linkName}" with something that is not JSON`, { linkName });
  }
  const parsed = ListAnswer.safeParse(body);
  if (!parsed.success) throw new AppError('HTTP_STATUS', `Bigin answered the contact list through "${linkName}" without a "data" array of records`, { linkName });
  return parsed.data.data;
}
