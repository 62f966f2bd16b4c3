import * as oauth from 'oauth4webapi';
import { AppError, type Connection, type ErrorInfo } from '../domain/index.ts';
import { getConnection, updateConnection } from '../storage/index.ts';
import { authDeps } from './deps.ts';
import { checkAccountsServer, checkApiDomain } from './dcAllowlist.ts';
import { providerError, providerRefused } from './errors.ts';
import { PENDING_TTL_MS, pendingIdOf, purgeExpired, savePending, takePendingFor } from './pending.ts';
import { authorizationServer, endpointsOf, expectedIssuer, oauthConfig, parseGrantedScopes, scopeString, tokenExpiresAt } from './endpoints.ts';
import { clientAuthOf, clientOf, discoveryOptions, requestOptions } from './provider.ts';
import { ensureRelayReady } from './relay.ts';
import { transportFor } from './relayTransport.ts';
import { readTokens, vaultIds, writeTokens } from './secrets.ts';
import { serviceContextOf, type ServiceContext } from './services.ts';
import { vaultDelete, vaultGet, vaultPut } from './vault.ts';

const VERIFY_FAILED = 'Sign-in could not be verified';

async function contextFor(connectionId: string): Promise<{ connection: Connection; ctx: ServiceContext }> {
  const connection = await getConnection(connectionId);
  if (!connection) throw new AppError('CONN_NOT_FOUND', 'This connection no longer exists.');
  const ctx = await serviceContextOf(connection);
  if (!ctx) throw new AppError('CONN_WRONG_SERVICE', `The service or data centre of connection "${connection.linkName}" no longer exists.`);
  return { connection, ctx };
}

/** RFC 9207: learn from RFC 8414 metadata whether the server promises `iss` on every response. */
async function issuerMetadata(issuer: string): Promise<boolean> {
  const url = new URL(issuer);
  let lastError: unknown;
  // RFC 8414 first, then OpenID Connect Discovery: providers publish one or the other.
  for (const algorithm of ['oauth2', 'oidc'] as const) {
    try {
      const response = await oauth.discoveryRequest(url, { ...discoveryOptions(issuer), algorithm });
      const metadata = await oauth.processDiscoveryResponse(url, response);
      return metadata.authorization_response_iss_parameter_supported === true;
    } catch (error) {
      lastError = error;
    }
  }
  throw providerError(lastError, 'metadata request', url.host);
}

/**
 * Starts authorization code + PKCE S256 + state (RFC 7636 §4; RFC 9700 §2.1.1). Returns the URL to
 * send the browser to; the verifier is kept encrypted in the vault, never in the URL.
 */
export async function startAuthorization(connectionId: string, redirectUri: string): Promise<string> {
  const now = authDeps().now();
  await purgeExpired(now);
  const { connection, ctx } = await contextFor(connectionId);
  const config = oauthConfig(ctx);
  const endpoints = endpointsOf(ctx);
  const client = clientOf(ctx, connection);
  if (connection.scopesRequested.length === 0 && config.scopes.length > 0) {
    throw new AppError('VALIDATION', 'Choose at least one scope before connecting.');
  }
  // A sign-in that would need the relay fails here, before the consent page, when the relay is down or forgot us.
  if ((await transportFor(ctx.service)).viaRelay) await ensureRelayReady();
  const issuer = expectedIssuer(ctx, endpoints);
  const issRequired = config.issuer ? await issuerMetadata(config.issuer) : false;

  const state = oauth.generateRandomState();
  const pendingId = await pendingIdOf(state);
  const url = new URL(endpoints.authorize);
  for (const [key, value] of Object.entries(config.extraAuthParams)) url.searchParams.set(key, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  if (connection.scopesRequested.length > 0) url.searchParams.set('scope', scopeString(ctx, connection.scopesRequested));
  url.searchParams.set('state', state);
  if (config.pkce) {
    const verifier = oauth.generateRandomCodeVerifier();
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    await vaultPut(vaultIds.verifier(pendingId), verifier);
  }
  await savePending({
    id: pendingId,
    kind: 'authorize',
    connectionId,
    redirectUri,
    issuer,
    issRequired,
    pkce: config.pkce,
    expiresAt: now + PENDING_TTL_MS,
    createdAt: now,
  });
  return url.toString();
}

export interface AuthorizationResult {
  connectionId: string;
  name: string;
  linkName: string;
}

function fail(code: ErrorInfo['code'], message: string, connectionId?: string): AppError {
  return new AppError(code, message, connectionId ? { connectionId } : undefined);
}

/** Only one value of each parameter: a repeated `state` or `code` is a forged answer (oauth4webapi getURLSearchParameter). */
function singleState(params: URLSearchParams): string {
  const values = params.getAll('state');
  if (values.length !== 1 || !values[0]) {
    throw fail(
      'OAUTH_STATE_MISMATCH',
      `${VERIFY_FAILED}: the answer carried ${values.length === 0 ? 'no' : 'more than one'} "state". Nothing was stored; start again with Connect.`,
    );
  }
  if (params.getAll('code').length > 1)
    throw fail('OAUTH_STATE_MISMATCH', `${VERIFY_FAILED}: the answer carried more than one code. Nothing was stored.`);
  return values[0];
}

async function recordFailure(connectionId: string, error: AppError): Promise<void> {
  await updateConnection(connectionId, (current) => ({ ...current, lastError: error.toInfo() }));
}

/**
 * Completes the callback: checks state (one use), `iss`, the data centre, exchanges the code at the
 * connection's own token endpoint and stores the tokens encrypted. Throws an AppError whose
 * `details.connectionId` says which connection the failure belongs to, when known.
 */
export async function completeAuthorization(callbackUrl: string): Promise<AuthorizationResult> {
  const now = authDeps().now();
  const url = new URL(callbackUrl);
  // RFC 9700 §2.1.2: implicit-flow answers are never accepted.
  if (/(^|[#&])(access_token|id_token|token)=/.test(url.hash) || url.searchParams.has('access_token')) {
    throw fail(
      'OAUTH_BAD_RESPONSE',
      'The provider answered with a token in the address (implicit flow), which this app never accepts. Nothing was stored.',
    );
  }
  const params = url.searchParams;
  const state = singleState(params);
  const taken = await takePendingFor(state, now);
  if (taken.kind === 'used') {
    throw fail('OAUTH_STATE_UNKNOWN', 'This sign-in answer was already used. Nothing was changed; open the connection to check its status.');
  }
  if (taken.kind === 'unknown') {
    throw fail(
      'OAUTH_STATE_MISMATCH',
      `${VERIFY_FAILED}: the answer does not belong to a sign-in started in this browser. Nothing was stored; start again with Connect.`,
    );
  }
  const pending = taken.pending;
  const verifierId = vaultIds.verifier(pending.id);
  const verifier = pending.pkce ? await vaultGet(verifierId) : undefined;
  await vaultDelete(verifierId);
  const connectionId = pending.connectionId;
  try {
    if (pending.expiresAt <= now)
      throw new AppError(
        'OAUTH_STATE_EXPIRED',
        `The sign-in took longer than ${PENDING_TTL_MS / 60_000} minutes and expired. Nothing was stored; start again with Connect.`,
      );
    if (pending.pkce && !verifier)
      throw new AppError(
        'OAUTH_STATE_UNKNOWN',
        `${VERIFY_FAILED}: its PKCE secret is gone (the browser storage was cleared). Start again with Connect.`,
      );
    const { connection, ctx } = await contextFor(connectionId);
    const endpoints = endpointsOf(ctx);
    const as = authorizationServer(ctx, endpoints, pending.issuer, pending.issRequired);
    const client = clientOf(ctx, connection);
    let validated: URLSearchParams;
    try {
      validated = oauth.validateAuthResponse(as, client, params, state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        if (error.error === 'access_denied') {
          throw new AppError(
            'OAUTH_ACCESS_DENIED',
            `Access was denied on ${ctx.service.name}'s consent page, so the connection was not authorized. Click Connect and choose Accept to try again.`,
          );
        }
        throw providerRefused(new URL(endpoints.authorize).host, 'sign-in', error.error, error.error_description);
      }
      if (error instanceof oauth.OperationProcessingError && /iss/.test(error.message)) {
        throw new AppError('OAUTH_ISSUER_MISMATCH', `${VERIFY_FAILED}: the answer did not come from ${pending.issuer}. Nothing was sent.`);
      }
      throw providerError(error, 'sign-in', new URL(endpoints.authorize).host);
    }
    const accountsServer = checkAccountsServer(ctx.service, ctx.dataCenter, params.get('accounts-server'));
    if (accountsServer && new URL(endpoints.token).origin !== accountsServer) {
      throw new AppError('OAUTH_DC_NOT_ALLOWED', `The token endpoint is not on ${ctx.dataCenter.label}'s accounts server. Nothing was sent.`);
    }
    let result: oauth.TokenEndpointResponse;
    const transport = await transportFor(ctx.service);
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        await clientAuthOf(ctx, transport),
        validated,
        pending.redirectUri,
        verifier ?? oauth.nopkce,
        requestOptions(endpoints.token, transport),
      );
      result = await oauth.processAuthorizationCodeResponse(as, client, response);
    } catch (error) {
      throw providerError(error, 'token request', new URL(endpoints.token).host);
    }
    const apiOrigin = checkApiDomain(ctx.service, ctx.dataCenter, result.api_domain);
    const previous = await readTokens(connectionId);
    const expiresAt = tokenExpiresAt(result.expires_in, now);
    await writeTokens(connectionId, {
      accessToken: result.access_token,
      ...(result.refresh_token ? { refreshToken: result.refresh_token } : {}),
      expiresAt,
      version: (previous?.version ?? 0) + 1,
    });
    const saved = await updateConnection(connectionId, (current) => ({
      ...current,
      status: 'connected',
      scopesGranted: parseGrantedScopes(result.scope, current.scopesRequested),
      ...(apiOrigin ? { apiOrigin } : {}),
      expiresAt,
      authorizedAt: now,
      lastError: null,
    }));
    return { connectionId, name: saved?.name ?? connection.name, linkName: saved?.linkName ?? connection.linkName };
  } catch (error) {
    const appError = error instanceof AppError ? error : providerError(error, 'sign-in', 'The provider');
    await recordFailure(connectionId, appError);
    throw fail(appError.code, appError.message, connectionId);
  }
}
