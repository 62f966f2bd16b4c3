import { z } from 'zod';
import { Service, type ServiceInput } from '../domain/service.ts';
import { AI_SERVICES } from './ai.ts';
import { ATLASSIAN_SERVICES } from './atlassian.ts';
import { COMMERCE_SERVICES } from './commerce.ts';
import { DEVELOPER_SERVICES } from './developer.ts';
import { FILE_SERVICES } from './files.ts';
import { FINANCE_SERVICES } from './finance.ts';
import { GOOGLE_SERVICES } from './google.ts';
import { MESSAGING_SERVICES } from './messaging.ts';
import { MICROSOFT_SERVICES } from './microsoft.ts';
import { PRODUCTIVITY_SERVICES } from './productivity.ts';
import { SALES_SERVICES } from './sales.ts';
import { SOCIAL_SERVICES } from './social.ts';
import { SUPPORT_SERVICES } from './support.ts';
import { ZOHO_SERVICES } from './zoho.ts';

export { CATEGORIES, type Category } from './categories.ts';
export { SANDBOX_CLIENT_ID, SANDBOX_DATA_CENTER_ID, SANDBOX_ORIGIN } from './sandbox.ts';
export { ZOHO_DATA_CENTER_IDS } from './zoho.ts';

/** Every preset before parsing, in display order; exported for the catalog tests. */
export const CATALOG_INPUTS: readonly ServiceInput[] = [
  ...ZOHO_SERVICES,
  ...MICROSOFT_SERVICES,
  ...GOOGLE_SERVICES,
  ...FILE_SERVICES,
  ...MESSAGING_SERVICES,
  ...SALES_SERVICES,
  ...SUPPORT_SERVICES,
  ...FINANCE_SERVICES,
  ...COMMERCE_SERVICES,
  ...PRODUCTIVITY_SERVICES,
  ...ATLASSIAN_SERVICES,
  ...DEVELOPER_SERVICES,
  ...SOCIAL_SERVICES,
  ...AI_SERVICES,
];

function parsePreset(input: ServiceInput): Service {
  const result = Service.safeParse(input);
  if (!result.success) throw new Error(`Catalog entry "${input.linkName}" is invalid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export const DEFAULT_SERVICES: Service[] = CATALOG_INPUTS.map(parsePreset);

const byKey = new Map<string, Service>();
for (const service of DEFAULT_SERVICES) {
  byKey.set(service.id, service);
  byKey.set(service.linkName, service);
}

/** A default service by id (`svc_zoho_books`) or link name (`zoho_books`). */
export function getDefaultService(idOrLinkName: string): Service | undefined {
  return byKey.get(idOrLinkName);
}
