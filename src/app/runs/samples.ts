/** Sample trigger records for a test run, listed live through the workflow's own Bigin connection. */
import { z } from 'zod';
import { AppError } from '../../domain/index.ts';
import type { HttpPort } from '../../engine/ports.ts';
import { readFailure, readJson, readThrough } from './readThrough.ts';

export const BIGIN_CONTACTS_URL = 'https://www.zohoapis.com/bigin/v2/Contacts';
const SAMPLE_FIELDS = ['First_Name', 'Last_Name', 'Email', 'Phone', 'Mobile', 'Account_Name', 'Modified_Time'];

const ListAnswer = z.object({ data: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) })) });

export type SampleRecord = z.infer<typeof ListAnswer>['data'][number];

/** The newest contacts first. A 401 refreshes the token once, as the engine does. */
export async function listSampleContacts(http: HttpPort, linkName: string, signal: AbortSignal, limit = 50): Promise<SampleRecord[]> {
  const request = {
    linkName,
    method: 'GET' as const,
    url: BIGIN_CONTACTS_URL,
    query: { fields: SAMPLE_FIELDS.join(','), per_page: String(limit), sort_by: 'Modified_Time', sort_order: 'desc' },
  };
  const result = await readThrough(http, request, signal);
  // The CRM family answers an empty list with 204 No Content (https://www.bigin.com/developer/docs/apis/v2/status-codes.html).
  if (result.status === 204) return [];
  if (result.status !== 200) throw readFailure('Bigin could not list contacts', linkName, result);
  const parsed = ListAnswer.safeParse(readJson('The Bigin contact list', linkName, result));
  if (!parsed.success)
    throw new AppError('HTTP_STATUS', `Bigin answered the contact list through "${linkName}" without a "data" array of records`, { linkName });
  return parsed.data.data;
}
