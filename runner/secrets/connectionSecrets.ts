import { z } from 'zod';
import { AppError } from '../../src/domain/index.ts';
import { open, seal } from './seal.ts';

/** What a connection's sealed blob holds; never leaves the process unsealed. */
export const ConnectionSecrets = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.number().nullable(),
  /** Bumped on every refresh: a 401 on an older version means someone already refreshed. */
  version: z.number().int().nonnegative(),
  /** Only for providers whose token endpoint wants one (a Zoho server-based client). */
  clientSecret: z.string().min(1).optional(),
});
export type ConnectionSecrets = z.infer<typeof ConnectionSecrets>;

export function sealSecrets(key: Buffer, linkName: string, secrets: ConnectionSecrets): string {
  return seal(key, JSON.stringify(ConnectionSecrets.parse(secrets)), `connection:${linkName}`);
}

export function openSecrets(key: Buffer, linkName: string, sealed: string): ConnectionSecrets {
  let text: string;
  try {
    text = open(key, sealed, `connection:${linkName}`);
  } catch {
    throw new AppError(
      'CONN_REAUTH_REQUIRED',
      `The tokens of "${linkName}" cannot be opened with this key (RUNNER_KEY or the key file changed since they were stored): restore the old key, or run "npm run runner -- connect ${linkName}" again.`,
      { linkName },
    );
  }
  const parsed = ConnectionSecrets.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`The stored secrets of "${linkName}" are not in the expected shape; connect "${linkName}" again.`);
  return parsed.data;
}
