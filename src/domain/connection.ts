import { z } from 'zod';
import { ConnectionId, ServiceId } from './ids.ts';
import { LinkName } from './linkName.ts';
import { ERROR_CODES } from './errors.ts';

export const ConnectionStatus = z.enum(['not_connected', 'connected', 'reauth_required', 'error']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const ErrorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

/** A connection holds no secret: tokens, keys and passwords live in the vault, encrypted. */
export const Connection = z.object({
  id: ConnectionId,
  name: z.string().min(1).max(100),
  linkName: LinkName,
  serviceId: ServiceId,
  dataCenterId: z.string().min(1),
  /** The customer's own host part for providers with per-customer hosts (see Service.tenant). */
  tenant: z.string().default(''),
  clientId: z.string().default(''),
  scopesRequested: z.array(z.string()).default([]),
  scopesGranted: z.array(z.string()).default([]),
  status: ConnectionStatus,
  /** API origin the provider told us to use (Zoho's `api_domain`), already checked against the allowlist. */
  apiOrigin: z.string().optional(),
  expiresAt: z.number().nullable().default(null),
  authorizedAt: z.number().nullable().default(null),
  lastRefreshAt: z.number().nullable().default(null),
  lastError: ErrorInfoSchema.nullable().default(null),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Connection = z.infer<typeof Connection>;

/** A link name may change until the connection is first authorized (Zoho's rule). */
export function isLinkNameLocked(connection: Pick<Connection, 'authorizedAt'>): boolean {
  return connection.authorizedAt !== null;
}
