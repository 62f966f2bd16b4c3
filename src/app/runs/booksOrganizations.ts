/** The Books organizations a connection can see, for picking a function's Organization ID. */
import { z } from 'zod';
import { AppError } from '../../domain/index.ts';
import type { HttpPort } from '../../engine/ports.ts';
import { readFailure, readJson, readThrough } from './readThrough.ts';

/** Needs ZohoBooks.settings.READ (zoho-apis.md §2: "Get it from GET /organizations"). */
export const BOOKS_ORGANIZATIONS_URL = 'https://www.zohoapis.com/books/v3/organizations';

const Answer = z.object({
  organizations: z.array(
    z.looseObject({
      organization_id: z.union([z.string(), z.number()]).transform(String),
      name: z.string().default(''),
      is_default_org: z.boolean().default(false),
    }),
  ),
});

export interface BooksOrganization {
  id: string;
  name: string;
  isDefault: boolean;
}

export async function listBooksOrganizations(http: HttpPort, linkName: string, signal: AbortSignal): Promise<BooksOrganization[]> {
  const result = await readThrough(http, { linkName, method: 'GET', url: BOOKS_ORGANIZATIONS_URL }, signal);
  if (result.status !== 200) throw readFailure('Zoho Books could not list organizations', linkName, result);
  const parsed = Answer.safeParse(readJson('The Zoho Books organization list', linkName, result));
  if (!parsed.success)
    throw new AppError('HTTP_STATUS', `Zoho Books answered the organization list through "${linkName}" without an "organizations" array`, {
      linkName,
    });
  return parsed.data.organizations.map((org) => ({ id: org.organization_id, name: org.name, isDefault: org.is_default_org }));
}
