import * as oauth from 'oauth4webapi';
import { checkAccountsServer, checkApiDomain } from '../../src/auth/dcAllowlist.ts';
import { providerError, providerRefused } from '../../src/auth/errors.ts';
import { getDefaultService, SANDBOX_DATA_CENTER_ID } from '../../src/catalog/index.ts';
import { AppError, findDataCenter, type Service } from '../../src/domain/index.ts';
import type { Clock } from '../../src/engine/ports.ts';
import { sameAccountsServer, serviceContextOf } from '../http/serviceContext.ts';
import { openSecrets, sealSecrets } from '../secrets/connectionSecrets.ts';
import type { RunnerConnection, RunnerConnectionStore } from '../store/types.ts';
import { PENDING_TTL_MS, type PendingStore } from './pending.ts';
import {
  authorizationServer,
  endpointsOf,
  expectedIssuer,
  oauthConfig,
  oauthRequestOptions,
  parseGrantedScopes,
  tokenExpiresAt,
} from '../../src/auth/endpoints.ts';
import { clientAuth } from './provider.ts';

/** The client id the sandbox registers for the runner, with loopback redirect URIs on any port (RFC 8252 §7.3). */
export const SANDBOX_RUNNER_CLIENT_ID = 'workflow-runner';
export const CALLBACK_PATH = '/oauth/callback';

const VERIFY_FAILED = 'The sign-in could not be verified';

export interface ConnectDeps {
  connections: RunnerConnectionStore;
  pending: PendingStore;
  key: Buffer;
  clock: Clock;
  sandboxUrl: string;
  port: number;
}

export interface ConnectOptions {
  linkName: string;
  dataCenterId?: string;
  clientId?: string;
  scopes?: string[];
  /** Only for a provider client that must authenticate at the token endpoint. */
  clientSecret?: string;
  /** New connections go to the sandbox's data centre (RUNNER_SANDBOX_URL is set). */
  preferSandbox: boolean;
}

export interface StartedConnect {
  url: string;
  state: string;
  service: Service;
  dataCenterLabel: string;
}

/** RFC 8252 §7.3: the loopback IP literal, not "localhost" (§8.3), on the runner's own port. */
export function redirectUriOf(port: number): string {
  return `http://127.0.0.1:${port}${CALLBACK_PATH}`;
}

function defaultScopes(service: Service): string[] {
  const first = service.oauth2?.scopes[0]?.value;
  return first ? [first] : [];
}

async function entryFor(connections: RunnerConnectionStore, linkName: string): Promise<RunnerConnection> {
  const entry = await connections.get(linkName);
  if (!entry) {
    throw new AppError(
      'CONN_NOT_FOUND',
      `No workflow on the runner uses the link name "${linkName}"; add the workflow first ("npm run runner -- add <file>"), then connect the link names it lists.`,
    );
  }
  return entry;
}

/** Starts authorization code + PKCE S256 + state (RFC 7636 §4, RFC 8252 §8.1); returns the URL the person opens. */
export async function beginConnect(deps: ConnectDeps, options: ConnectOptions): Promise<StartedConnect> {
  const entry = await entryFor(deps.connections, options.linkName);
  const service = getDefaultService(entry.connection.serviceId);
  if (!service?.oauth2) throw new AppError('CONN_WRONG_SERVICE', `The runner connects OAuth services only; "${options.linkName}" is not one.`);
  const hasSandbox = service.dataCenters.some((dc) => dc.id === SANDBOX_DATA_CENTER_ID);
  const dataCenterId = options.dataCenterId ?? (options.preferSandbox && hasSandbox ? SANDBOX_DATA_CENTER_ID : entry.connection.dataCenterId);
  const dataCenter = findDataCenter(service, dataCenterId);
  if (!dataCenter) {
    throw new AppError(
      'VALIDATION',
      `${service.name} has no data centre "${dataCenterId}"; use one of: ${service.dataCenters.map((dc) => dc.id).join(', ')}.`,
    );
  }
  const clientId = options.clientId ?? (dataCenterId === SANDBOX_DATA_CENTER_ID ? SANDBOX_RUNNER_CLIENT_ID : entry.connection.clientId);
  if (!clientId) {
    throw new AppError(
      'VALIDATION',
      `${service.name} needs the client id you registered for the runner: pass --client-id <id> (docs/runner.md, "Connecting a real Zoho account").`,
    );
  }
  const scopes = options.scopes ?? (entry.connection.scopesRequested.length > 0 ? entry.connection.scopesRequested : defaultScopes(service));
  const ctx = serviceContextOf({ serviceId: service.id, dataCenterId, tenant: entry.connection.tenant }, deps.sandboxUrl);
  if (!ctx) throw new AppError('CONN_WRONG_SERVICE', `${service.name} cannot be reached in data centre "${dataCenterId}".`);
  const config = oauthConfig(ctx);
  const endpoints = endpointsOf(ctx);
  const redirectUri = redirectUriOf(deps.port);
  const state = oauth.generateRandomState();
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(endpoints.authorize);
  for (const [key, value] of Object.entries(config.extraAuthParams)) url.searchParams.set(key, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  if (scopes.length > 0) url.searchParams.set('scope', scopes.join(config.scopeDelimiter));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  deps.pending.save(
    state,
    {
      linkName: options.linkName,
      serviceId: service.id,
      dataCenterId,
      clientId,
      scopes,
      redirectUri,
      verifier,
      ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    },
    deps.clock.now() + PENDING_TTL_MS,
  );
  return { url: url.toString(), state, service, dataCenterLabel: dataCenter.label };
}

function singleState(params: URLSearchParams): string {
  const values = params.getAll('state');
  if (values.length !== 1 || !values[0]) {
    throw new AppError(
      'OAUTH_STATE_MISMATCH',
      `${VERIFY_FAILED}: the answer carried ${values.length === 0 ? 'no' : 'more than one'} "state". Nothing was stored; run connect again.`,
    );
  }
  if (params.getAll('code').length > 1)
    throw new AppError('OAUTH_STATE_MISMATCH', `${VERIFY_FAILED}: the answer carried more than one code. Nothing was stored.`);
  return values[0];
}

export interface FinishedConnect {
  linkName: string;
  serviceName: string;
}

/**
 * The loopback callback (RFC 8252 §7.3): state single-use, the data centre's accounts server, PKCE at
 * the token endpoint, `api_domain` on the allowlist; the tokens are sealed before they are stored.
 */
export async function finishConnect(deps: ConnectDeps, callbackUrl: URL): Promise<FinishedConnect> {
  const now = deps.clock.now();
  const params = callbackUrl.searchParams;
  const state = singleState(params);
  const taken = deps.pending.take(state);
  if (!taken) {
    throw new AppError(
      'OAUTH_STATE_MISMATCH',
      `${VERIFY_FAILED}: this answer does not belong to a connect waiting on this runner (its state is unknown or was used already). Nothing was stored; run connect again.`,
    );
  }
  const { pending } = taken;
  const entry = await entryFor(deps.connections, pending.linkName);
  try {
    if (taken.expiresAt <= now) {
      throw new AppError(
        'OAUTH_STATE_EXPIRED',
        `The sign-in took longer than ${PENDING_TTL_MS / 60_000} minutes and expired. Nothing was stored; run connect again.`,
      );
    }
    const ctx = serviceContextOf(
      { serviceId: pending.serviceId, dataCenterId: pending.dataCenterId, tenant: entry.connection.tenant },
      deps.sandboxUrl,
    );
    if (!ctx) throw new AppError('CONN_WRONG_SERVICE', `The service of "${pending.linkName}" is not one the runner knows.`);
    const endpoints = endpointsOf(ctx);
    const as = authorizationServer(ctx, endpoints, expectedIssuer(ctx, endpoints));
    const client: oauth.Client = { client_id: pending.clientId };
    let validated: URLSearchParams;
    try {
      validated = oauth.validateAuthResponse(as, client, params, state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        if (error.error === 'access_denied') {
          throw new AppError(
            'OAUTH_ACCESS_DENIED',
            `Access was denied on ${ctx.service.name}'s consent page, so "${pending.linkName}" was not connected. Run connect again and choose Accept.`,
          );
        }
        throw providerRefused(new URL(endpoints.authorize).host, 'sign-in', error.error, error.error_description);
      }
      if (error instanceof oauth.OperationProcessingError && /iss/.test(error.message)) {
        throw new AppError('OAUTH_ISSUER_MISMATCH', `${VERIFY_FAILED}: the answer did not come from ${as.issuer}. Nothing was sent.`);
      }
      throw providerError(error, 'sign-in', new URL(endpoints.authorize).host);
    }
    const accountsServer = checkAccountsServer(ctx.service, ctx.dataCenter, sameAccountsServer(ctx.dataCenter, params.get('accounts-server')));
    if (accountsServer && new URL(endpoints.token).origin !== accountsServer) {
      throw new AppError('OAUTH_DC_NOT_ALLOWED', `The token endpoint is not on ${ctx.dataCenter.label}'s accounts server. Nothing was sent.`);
    }
    let result: oauth.TokenEndpointResponse;
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        clientAuth(pending.clientSecret),
        validated,
        pending.redirectUri,
        pending.verifier,
        oauthRequestOptions(endpoints.token, fetch),
      );
      result = await oauth.processAuthorizationCodeResponse(as, client, response);
    } catch (error) {
      throw providerError(error, 'token request', new URL(endpoints.token).host);
    }
    const apiOrigin = checkApiDomain(ctx.service, ctx.dataCenter, result.api_domain);
    const expiresAt = tokenExpiresAt(result.expires_in, now);
    const previous = entry.sealedSecrets ? openSecrets(deps.key, pending.linkName, entry.sealedSecrets).version : -1;
    const { apiOrigin: _old, ...connection } = entry.connection;
    await deps.connections.put({
      sealedSecrets: sealSecrets(deps.key, pending.linkName, {
        accessToken: result.access_token,
        ...(result.refresh_token ? { refreshToken: result.refresh_token } : {}),
        expiresAt,
        version: previous + 1,
        ...(pending.clientSecret ? { clientSecret: pending.clientSecret } : {}),
      }),
      connection: {
        ...connection,
        serviceId: pending.serviceId,
        dataCenterId: pending.dataCenterId,
        clientId: pending.clientId,
        scopesRequested: pending.scopes,
        scopesGranted: parseGrantedScopes(result.scope, pending.scopes),
        status: 'connected',
        ...(apiOrigin ? { apiOrigin } : {}),
        expiresAt,
        authorizedAt: now,
        lastError: null,
        updatedAt: now,
      },
    });
    return { linkName: pending.linkName, serviceName: ctx.service.name };
  } catch (error) {
    const appError = error instanceof AppError ? error : providerError(error, 'sign-in', 'The provider');
    const latest = (await deps.connections.get(pending.linkName)) ?? entry;
    await deps.connections.put({ ...latest, connection: { ...latest.connection, lastError: appError.toInfo(), updatedAt: now } });
    throw appError;
  }
}
