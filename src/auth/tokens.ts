import * as oauth from 'oauth4webapi';
import { AppError, type Connection } from '../domain/index.ts';
import { getConnection, updateConnection } from '../storage/index.ts';
import { checkApiDomain } from './dcAllowlist.ts';
import { authDeps } from './deps.ts';
import { isGrantRevoked, providerError } from './errors.ts';
import { withLock } from './locks.ts';
import { deletePendingFor } from './pending.ts';
import { endpointsOf, parseGrantedScopes, refreshServer, tokenExpiresAt } from './endpoints.ts';
import { clientAuthOf, clientOf, requestOptions } from './provider.ts';
import { transportFor } from './relayTransport.ts';
import { readTokens, wipeConnectionSecrets, writeTokens, type TokenSet } from './secrets.ts';
import { serviceContextOf, type ServiceContext } from './services.ts';

/** Refresh this long before expiry, so a token does not die in flight. */
export const REFRESH_MARGIN_MS = 60_000;

const inFlight = new Map<string, Promise<TokenSet>>();
/** The token version this page last sent per connection: a 401 on it means that version is bad. */
const lastSent = new Map<string, number>();

function expiringSoon(tokens: TokenSet, now: number): boolean {
  return tokens.expiresAt !== null && tokens.expiresAt - REFRESH_MARGIN_MS <= now;
}

function reconnectMessage(connection: Connection, why: string): string {
  return `Connection "${connection.linkName}" needs reconnecting: ${why} Open Connections → ${connection.name} → Reconnect.`;
}

async function markReauthRequired(connection: Connection, why: string): Promise<AppError> {
  const error = new AppError('CONN_REAUTH_REQUIRED', reconnectMessage(connection, why), { linkName: connection.linkName });
  await wipeConnectionSecrets(connection.id);
  await updateConnection(connection.id, (current) => ({ ...current, status: 'reauth_required', expiresAt: null, lastError: error.toInfo() }));
  return error;
}

async function refreshNow(connection: Connection, ctx: ServiceContext, tokens: TokenSet): Promise<TokenSet> {
  if (!tokens.refreshToken) {
    throw await markReauthRequired(connection, 'its access token expired and the provider gave no refresh token.');
  }
  const endpoints = endpointsOf(ctx);
  const as = refreshServer(ctx, endpoints);
  const client = clientOf(ctx, connection);
  const now = authDeps().now();
  let result: oauth.TokenEndpointResponse;
  const transport = await transportFor(ctx.service);
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      await clientAuthOf(ctx, transport),
      tokens.refreshToken,
      requestOptions(endpoints.refresh, transport),
    );
    result = await oauth.processRefreshTokenResponse(as, client, response);
  } catch (error) {
    // RFC 9700 §4.14: a refused refresh token is final; asking again would only loop.
    if (isGrantRevoked(error)) throw await markReauthRequired(connection, `${ctx.service.name} refused its refresh token (revoked or expired).`);
    const appError = providerError(error, 'token refresh', new URL(endpoints.refresh).host);
    await updateConnection(connection.id, (current) => ({ ...current, lastError: appError.toInfo() }));
    throw new AppError(appError.code === 'OAUTH_UNREACHABLE' ? 'HTTP_NETWORK' : appError.code, appError.message, { linkName: connection.linkName });
  }
  const apiOrigin = checkApiDomain(ctx.service, ctx.dataCenter, result.api_domain);
  const expiresAt = tokenExpiresAt(result.expires_in, now);
  // One put replaces both tokens: a rotated refresh token (RFC 9700 §4.14.2) never lives beside the old access token.
  const next: TokenSet = {
    accessToken: result.access_token,
    ...(result.refresh_token || tokens.refreshToken ? { refreshToken: result.refresh_token ?? tokens.refreshToken } : {}),
    expiresAt,
    version: tokens.version + 1,
  };
  await writeTokens(connection.id, next);
  await updateConnection(connection.id, (current) => ({
    ...current,
    status: 'connected',
    expiresAt,
    lastRefreshAt: now,
    lastError: null,
    ...(apiOrigin ? { apiOrigin } : {}),
    ...(typeof result.scope === 'string' ? { scopesGranted: parseGrantedScopes(result.scope, current.scopesGranted) } : {}),
  }));
  return next;
}

async function refreshUnderLock(connectionId: string, seenVersion: number, force: boolean): Promise<TokenSet> {
  // Web Locks: one refresh per connection across every tab of this origin (medplum#9113).
  return withLock(`refresh:${connectionId}`, async () => {
    const connection = await getConnection(connectionId);
    if (!connection) throw new AppError('CONN_NOT_FOUND', 'The connection was deleted.');
    const latest = await readTokens(connectionId);
    if (!latest) throw await markReauthRequired(connection, 'its tokens are gone from this browser.');
    const now = authDeps().now();
    const someoneElseRefreshed = latest.version !== seenVersion && (latest.expiresAt === null || latest.expiresAt > now);
    if (someoneElseRefreshed || (!force && !expiringSoon(latest, now))) return latest;
    const ctx = await serviceContextOf(connection);
    if (!ctx) throw new AppError('CONN_WRONG_SERVICE', `The service of connection "${connection.linkName}" no longer exists.`);
    return refreshNow(connection, ctx, latest);
  });
}

/**
 * The tokens to use now: refreshed when they expire within 60 s, or when `forceRefresh` says the
 * provider rejected the ones this page sent. Concurrent callers share one refresh.
 */
export async function currentTokens(connection: Connection, opts: { forceRefresh?: boolean } = {}): Promise<TokenSet> {
  const seen = await readTokens(connection.id);
  if (!seen) throw await markReauthRequired(connection, 'its tokens are gone from this browser.');
  const rejected = opts.forceRefresh ? (lastSent.get(connection.id) ?? seen.version) : undefined;
  if (rejected !== undefined && rejected !== seen.version) return seen;
  if (rejected === undefined && !expiringSoon(seen, authDeps().now())) return seen;
  let flight = inFlight.get(connection.id);
  if (!flight) {
    flight = refreshUnderLock(connection.id, seen.version, rejected !== undefined).finally(() => inFlight.delete(connection.id));
    inFlight.set(connection.id, flight);
  }
  return flight;
}

export function noteSent(connectionId: string, version: number): void {
  lastSent.set(connectionId, version);
}

/** The access token itself, for callers inside auth/. */
export async function getAccessToken(connection: Connection, opts: { forceRefresh?: boolean } = {}): Promise<string> {
  return (await currentTokens(connection, opts)).accessToken;
}

/**
 * Revokes at the provider (best effort, RFC 7009 §2), then wipes this connection's secrets and
 * pending sign-ins whatever the provider said.
 */
export async function disconnect(connectionId: string): Promise<{ revoked: boolean }> {
  const connection = await getConnection(connectionId);
  let revoked = false;
  if (connection) {
    const tokens = await readTokens(connectionId);
    const ctx = await serviceContextOf(connection);
    const token = tokens?.refreshToken ?? tokens?.accessToken;
    if (token && ctx?.service.authType === 'oauth2') {
      try {
        const endpoints = endpointsOf(ctx);
        if (endpoints.revoke) {
          const as = refreshServer(ctx, endpoints);
          const client = clientOf(ctx, connection);
          const transport = await transportFor(ctx.service);
          const response = await oauth.revocationRequest(
            as,
            client,
            await clientAuthOf(ctx, transport),
            token,
            requestOptions(endpoints.revoke, transport),
          );
          await oauth.processRevocationResponse(response);
          revoked = true;
        }
      } catch {
        revoked = false;
      }
    }
  }
  await wipeConnectionSecrets(connectionId);
  await deletePendingFor(connectionId);
  lastSent.delete(connectionId);
  await updateConnection(connectionId, ({ apiOrigin: _dropped, ...current }) => ({
    ...current,
    status: 'not_connected',
    scopesGranted: [],
    expiresAt: null,
    lastRefreshAt: null,
    lastError: null,
  }));
  return { revoked };
}
