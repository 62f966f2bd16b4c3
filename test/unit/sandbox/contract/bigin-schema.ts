/**
 * Bigin v2 answers as the CRM family documents them (Bigin "Get Records", "Insert/Update Records" and "Status
 * codes" pages; CRM "Get Records" for the system fields and the `info` object), written independently of the
 * sandbox's code. Extra attributes pass; every documented one is required with its type.
 */
import { z } from 'zod';

const Id = z.string().regex(/^\d{1,19}$/);
/** CRM-family time stamps: ISO 8601 with an offset, second precision. */
const CrmTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
const User = z.object({ name: z.string(), id: Id, email: z.string() });
const Lookup = z.object({ name: z.string(), id: Id });

const SystemFields = {
  id: Id,
  Owner: User,
  Created_By: User,
  Modified_By: User,
  Created_Time: CrmTime,
  Modified_Time: CrmTime,
  Last_Activity_Time: CrmTime.nullable(),
  Tag: z.array(z.object({ name: z.string(), id: Id })),
  $approval: z.object({ delegate: z.boolean(), approve: z.boolean(), reject: z.boolean(), resubmit: z.boolean() }),
  $approval_state: z.string(),
  $approved: z.boolean(),
  $editable: z.boolean(),
  $in_merge: z.boolean(),
  $process_flow: z.boolean(),
  $review: z.unknown(),
  $review_process: z.object({ approve: z.boolean(), reject: z.boolean(), resubmit: z.boolean() }),
  $state: z.string(),
  $orchestration: z.boolean(),
};

const nullableText = z.string().nullable();

export const ContactRecord = z.object({
  ...SystemFields,
  First_Name: nullableText,
  Last_Name: z.string(),
  Full_Name: z.string(),
  Email: nullableText,
  Secondary_Email: nullableText,
  Phone: nullableText,
  Mobile: nullableText,
  Title: nullableText,
  Description: nullableText,
  Email_Opt_Out: z.boolean(),
  Account_Name: Lookup.nullable(),
  Mailing_Street: nullableText,
  Mailing_City: nullableText,
  Mailing_State: nullableText,
  Mailing_Zip: nullableText,
  Mailing_Country: nullableText,
});

export const CompanyRecord = z.object({
  ...SystemFields,
  Account_Name: z.string(),
  Phone: nullableText,
  Website: nullableText,
  Description: nullableText,
  Billing_Street: nullableText,
  Billing_City: nullableText,
  Billing_State: nullableText,
  Billing_Code: nullableText,
  Billing_Country: nullableText,
});

/** `info` of a record list; the token fields are null when there is nothing to page to. */
export const ListInfo = z.object({
  per_page: z.number().int().min(1).max(200),
  count: z.number().int().min(1),
  page: z.number().int().min(1),
  more_records: z.boolean(),
  next_page_token: z.string().nullable(),
  previous_page_token: z.string().nullable(),
  page_token_expiry: CrmTime.nullable(),
  sort_by: z.string(),
  sort_order: z.enum(['asc', 'desc']),
});

export const SearchInfo = z.object({
  per_page: z.number().int(),
  count: z.number().int(),
  page: z.number().int(),
  more_records: z.boolean(),
});

export const WriteResult = z.object({
  code: z.literal('SUCCESS'),
  details: z.object({ id: Id, Created_Time: CrmTime, Modified_Time: CrmTime, Created_By: Lookup, Modified_By: Lookup }),
  message: z.string(),
  status: z.literal('success'),
});

/** The CRM error envelope, for whole requests and for one record of a write. */
export const BiginError = z
  .object({ code: z.string().regex(/^[A-Z_]+$/), details: z.record(z.string(), z.unknown()), message: z.string().min(1), status: z.literal('error') })
  .strict();
