import * as oauth from 'oauth4webapi';
import { AppError } from '../domain/index.ts';

/**
 * oauth4webapi errors carry the raw provider response (token bodies included) in `cause`; only the
 * OAuth error code and description survive into an AppError (DESIGN.md convention 6).
 */
const SAFE_TEXT = /^[\x20-\x7e]{0,200}$/;

function safeText(value: unknown): string | undefined {
  return typeof value === 'string' && SAFE_TEXT.test(value) ? value : undefined;
}

/** Zoho answers a bad refresh token with `invalid_code`; RFC 6749 §5.2 says `invalid_grant`. */
const GRANT_REVOKED = new Set(['invalid_grant', 'invalid_code', 'invalid_token']);

export function isGrantRevoked(error: unknown): boolean {
  return error instanceof oauth.ResponseBodyError && GRANT_REVOKED.has(error.error);
}

/** A provider's OAuth error code and description as words, keeping only printable ASCII. */
export function providerRefused(host: string, what: string, code: string, description?: string): AppError {
  const revoked = GRANT_REVOKED.has(code);
  const text = safeText(description);
  return new AppError(
    revoked ? 'OAUTH_INVALID_GRANT' : 'OAUTH_PROVIDER_ERROR',
    revoked
      ? `${host} refused the grant (${safeText(code) ?? 'invalid_grant'}): it expired, was used already or was revoked. Reconnect to sign in again.`
      : `${host} answered the ${what} with "${safeText(code) ?? 'error'}"${text ? `: ${text}` : ''}.`,
  );
}

export function providerError(error: unknown, what: string, host: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof oauth.ResponseBodyError) return providerRefused(host, what, error.error, error.error_description);
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    return new AppError(
      'OAUTH_BAD_RESPONSE',
      `${host} sent a ${what} response this app cannot accept (${safeText(error.message) ?? 'invalid response'}).`,
    );
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new AppError('OAUTH_UNREACHABLE', `${host} did not answer the ${what} in time.`);
  }
  return new AppError('OAUTH_BAD_RESPONSE', `The ${what} with ${host} failed (${error instanceof Error ? error.name : 'error'}).`);
}
