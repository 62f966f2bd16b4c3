/**
 * Reads every record of a Bigin module changed since a point in time, through a connection. The
 * list is read newest first: a record edited while the pages are read moves to the front, so it can
 * only be read twice (and dropped by the checkpoint), never skipped; the next poll reads it anyway.
 * @see https://www.bigin.com/developer/docs/apis/v2/get-records.html (sort_by, page, page_token)
 */
import { z } from 'zod';
import { AppError, MODULES, type TriggerModule } from '../../domain/index.ts';
import type { ConnectionClient } from '../http/client.ts';
import { headerValue } from '../http/url.ts';
import { parseRetryAfter } from '../http/retry.ts';
import { responseJson } from '../json.ts';
import type { Clock, HttpResult } from '../ports.ts';
import { toChangedRecord, type ChangedRecord } from './checkpoint.ts';
import { ifModifiedSince, serverTime } from './time.ts';

export const BIGIN_API = 'https://www.zohoapis.com/bigin/v2/';
/** Bigin answers at most 200 records per page, and `page` reaches only the first 2,000. */
export const PAGE_SIZE = 200;
const PAGE_LIMIT = 10;

const ListPage = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  info: z
    .object({
      more_records: z.boolean().optional(),
      next_page_token: z.string().nullish(),
    })
    .optional(),
});
const BiginError = z.object({ code: z.string(), message: z.string() });

/** Every field of the module (Bigin requires `fields`, at most 50), with the two times the trigger reads. */
export function listFields(module: TriggerModule): string[] {
  const names = MODULES[module].fields.map((f) => f.apiName).filter((name) => name !== 'id');
  return [...new Set([...names, 'Created_Time', 'Modified_Time'])].slice(0, 50);
}

export interface ReadChangesRequest {
  linkName: string;
  module: TriggerModule;
  /** Only records changed at or after this instant; null reads them all. */
  since: number | null;
  signal: AbortSignal;
  /** Stop once this many records are read (a baseline needs only the newest ones). */
  stopBefore?: number;
}

export interface ReadChanges {
  records: ChangedRecord[];
  /** The server's clock when the read began, from the first answer's Date header. */
  startedAt: number | null;
  requests: number;
}

function pollFailure(res: HttpResult, module: TriggerModule, clock: Clock): AppError {
  const json = responseJson(res);
  const body = BiginError.safeParse(json.ok ? json.value : undefined);
  const why = body.success ? `${body.data.message} (${body.data.code}, HTTP ${res.status})` : `HTTP ${res.status}`;
  if (res.status === 429) {
    const wait = parseRetryAfter(headerValue(res.headers, 'retry-after'), clock.now()) ?? 60_000;
    return new AppError('HTTP_RATE_LIMITED', `Bigin is rate limiting this connection: ${why}`, { until: clock.now() + wait });
  }
  return new AppError('TRIGGER_POLL_FAILED', `Bigin could not list ${MODULES[module].label}: ${why}`, { status: res.status });
}

export async function readChanges(client: ConnectionClient, clock: Clock, req: ReadChangesRequest): Promise<ReadChanges> {
  const fields = listFields(req.module).join(',');
  const records: ChangedRecord[] = [];
  let startedAt: number | null = null;
  let requests = 0;
  let page = 1;
  let pageToken: string | null = null;
  for (;;) {
    const query: Record<string, string> = { fields, sort_by: 'Modified_Time', sort_order: 'desc', per_page: String(PAGE_SIZE) };
    if (pageToken) query.page_token = pageToken;
    else query.page = String(page);
    const headers: Record<string, string> = req.since === null ? {} : { 'If-Modified-Since': ifModifiedSince(req.since) };
    const res = await client.request({ linkName: req.linkName, method: 'GET', url: BIGIN_API + req.module, query, headers }, { signal: req.signal });
    requests += 1;
    startedAt ??= serverTime(res.headers);
    // Bigin answers 204 for an empty list and 304 when nothing changed since If-Modified-Since.
    if (res.status === 204 || res.status === 304) break;
    if (res.status < 200 || res.status >= 300) throw pollFailure(res, req.module, clock);
    const json = responseJson(res);
    const parsed = ListPage.safeParse(json.ok ? json.value : undefined);
    if (!parsed.success)
      throw new AppError('TRIGGER_POLL_FAILED', `Bigin answered the ${req.module} list with an unexpected body (HTTP ${res.status})`);
    let older = false;
    for (const row of parsed.data.data) {
      const record = toChangedRecord(row);
      if (!record) continue;
      if (req.since !== null && record.instant < req.since) older = true;
      else records.push(record);
    }
    const info = parsed.data.info;
    if (older || !info?.more_records || parsed.data.data.length === 0) break;
    if (req.stopBefore !== undefined && records.length >= req.stopBefore) break;
    // Past 2,000 records only `page_token` reaches further (Bigin "Get Records", page_token).
    if (info.next_page_token) pageToken = info.next_page_token;
    else if (pageToken === null && page < PAGE_LIMIT) page += 1;
    else
      throw new AppError(
        'TRIGGER_POLL_FAILED',
        `More ${MODULES[req.module].label} changed since the last check than Bigin lets a list reach without a page token; nothing was skipped, the check will be tried again`,
      );
  }
  return { records, startedAt, requests };
}
