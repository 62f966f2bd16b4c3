import * as oauth from 'oauth4webapi';
import { isGrantRevoked, providerError } from '../../src/auth/errors.ts';
import { checkApiDomain } from '../../src/auth/dcAllowlist.ts';
import { AppError, type Connection } from '../../src/domain/index.ts';
import type { Clock } from '../../src/engine/ports.ts';
import { openSecrets, sealSecrets, type ConnectionSecrets } from '../secrets/connectionSecrets.ts';
import type { RunnerConnection, RunnerConnectionStore } from '../store/types.ts';
import { endpointsOf, oauthRequestOptions, parseGrantedScopes, refreshServer, tokenExpiresAt } from '../../src/auth/endpoints.ts';
import { clientAuth } from '../oauth/provider.ts';
import { serviceContextOf, type RunnerServiceContext } from './serviceContext.ts';

/** Refresh this long before expiry, so a token does not die in flight. */
export const REFRESH_MARGIN_MS = 60_000;

export interface TokenDeps {
  connections: RunnerConnectionStore;
  key: Buffer;
  clock: Clock;
  sandboxUrl: string;
}

export interface TokenKeeper {
  /** The access token to send now; refreshed near expiry, or when `forceRefresh` says the provider refused the last one sent. */
  accessToken(entry: RunnerConnection, opts: { forceRefresh?: boolean }): Promise<string>;
}

function reconnectMessage(connection: Connection, why: string): string {
  return `Connection "${connection.linkName}" needs reconnecting: ${why} Run "npm run runner -- connect ${connection.linkName}".`;
}

export function createTokenKeeper(deps: TokenDeps): TokenKeeper {
  const inFlight = new Map<string, Promise<ConnectionSecrets>>();
  /** The token version last sent per link name: a 401 on it means that version is bad. */
  const lastSent = new Map<string, number>();

  const expiringSoon = (secrets: ConnectionSecrets): boolean =>
    secrets.expiresAt !== null && secrets.expiresAt - REFRESH_MARGIN_MS <= deps.clock.now();

  async function update(linkName: string, change: (entry: RunnerConnection) => RunnerConnection): Promise<void> {
    const entry = await deps.connections.get(linkName);
    if (entry) await deps.connections.put(change(entry));
  }

  async function markReauthRequired(connection: Connection, why: string): Promise<AppError> {
    const error = new AppError('CONN_REAUTH_REQUIRED', reconnectMessage(connection, why), { linkName: connection.linkName });
    await update(connection.linkName, (entry) => ({
      sealedSecrets: null,
      connection: { ...entry.connection, status: 'reauth_required', expiresAt: null, lastError: error.toInfo(), updatedAt: deps.clock.now() },
    }));
    return error;
  }

  async function refreshNow(connection: Connection, ctx: RunnerServiceContext, secrets: ConnectionSecrets): Promise<ConnectionSecrets> {
    if (!secrets.refreshToken) throw await markReauthRequired(connection, 'its access token expired and the provider gave no refresh token.');
    const endpoints = endpointsOf(ctx);
    const as = refreshServer(ctx, endpoints);
    const client: oauth.Client = { client_id: connection.clientId };
    const now = deps.clock.now();
    let result: oauth.TokenEndpointResponse;
    try {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        client,
        clientAuth(secrets.clientSecret),
        secrets.refreshToken,
        oauthRequestOptions(endpoints.refresh, fetch),
      );
      result = await oauth.processRefreshTokenResponse(as, client, response);
    } catch (error) {
      // RFC 9700 §4.14: a refused refresh token is final; asking again would only loop.
      if (isGrantRevoked(error)) throw await markReauthRequired(connection, `${ctx.service.name} refused its refresh token (revoked or expired).`);
      const appError = providerError(error, 'token refresh', new URL(endpoints.refresh).host);
      await update(connection.linkName, (entry) => ({ ...entry, connection: { ...entry.connection, lastError: appError.toInfo() } }));
      throw new AppError(appError.code === 'OAUTH_UNREACHABLE' ? 'HTTP_NETWORK' : appError.code, appError.message, { linkName: connection.linkName });
    }
    const apiOrigin = checkApiDomain(ctx.service, ctx.dataCenter, result.api_domain);
    const expiresAt = tokenExpiresAt(result.expires_in, now);
    const refreshToken = result.refresh_token ?? secrets.refreshToken;
    // One write replaces both tokens: a rotated refresh token (RFC 9700 §4.14.2) never lives beside the old access token.
    const next: ConnectionSecrets = { ...secrets, accessToken: result.access_token, refreshToken, expiresAt, version: secrets.version + 1 };
    await update(connection.linkName, (entry) => ({
      sealedSecrets: sealSecrets(deps.key, connection.linkName, next),
      connection: {
        ...entry.connection,
        status: 'connected',
        expiresAt,
        lastRefreshAt: now,
        lastError: null,
        updatedAt: now,
        ...(apiOrigin ? { apiOrigin } : {}),
        ...(typeof result.scope === 'string' ? { scopesGranted: parseGrantedScopes(result.scope, entry.connection.scopesGranted) } : {}),
      },
    }));
    return next;
  }

  async function refreshLatest(linkName: string, seenVersion: number, force: boolean): Promise<ConnectionSecrets> {
    const entry = await deps.connections.get(linkName);
    if (!entry) throw new AppError('CONN_NOT_FOUND', `Connection "${linkName}" was removed from the runner.`, { linkName });
    if (!entry.sealedSecrets) throw await markReauthRequired(entry.connection, 'its tokens are gone from the runner.');
    const latest = openSecrets(deps.key, linkName, entry.sealedSecrets);
    const someoneElseRefreshed = latest.version !== seenVersion && (latest.expiresAt === null || latest.expiresAt > deps.clock.now());
    if (someoneElseRefreshed || (!force && !expiringSoon(latest))) return latest;
    const ctx = serviceContextOf(entry.connection, deps.sandboxUrl);
    if (!ctx) throw new AppError('CONN_WRONG_SERVICE', `The service of connection "${linkName}" is not one the runner knows.`, { linkName });
    return refreshNow(entry.connection, ctx, latest);
  }

  async function current(entry: RunnerConnection, forceRefresh: boolean): Promise<ConnectionSecrets> {
    const { linkName } = entry.connection;
    if (!entry.sealedSecrets) throw await markReauthRequired(entry.connection, 'its tokens are gone from the runner.');
    const seen = openSecrets(deps.key, linkName, entry.sealedSecrets);
    const rejected = forceRefresh ? (lastSent.get(linkName) ?? seen.version) : undefined;
    if (rejected !== undefined && rejected !== seen.version) return seen;
    if (rejected === undefined && !expiringSoon(seen)) return seen;
    // One refresh per connection in this process: concurrent callers share it (refresh tokens may rotate).
    let flight = inFlight.get(linkName);
    if (!flight) {
      flight = refreshLatest(linkName, seen.version, rejected !== undefined).finally(() => inFlight.delete(linkName));
      inFlight.set(linkName, flight);
    }
    return flight;
  }

  return {
    async accessToken(entry, opts) {
      const secrets = await current(entry, opts.forceRefresh === true);
      lastSent.set(entry.connection.linkName, secrets.version);
      return secrets.accessToken;
    },
  };
}
