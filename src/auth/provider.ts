import * as oauth from 'oauth4webapi';
import { AppError, isLoopbackHost, resolveEndpoint, secureUrlProblem, type Connection, type OAuth2Config } from '../domain/index.ts';
import { authDeps, policyRefusal } from './deps.ts';
import { HOW_TO_PAIR, type Transport } from './relayTransport.ts';
import { readClientSecret } from './secrets.ts';
import type { ServiceContext } from './services.ts';

/** How long a token-endpoint exchange may take before the person is told it failed. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
/** The no-cors reachability probe only needs the first byte of an answer. */
const PROBE_TIMEOUT_MS = 5_000;

/** When an access token stops working, from the token response's `expires_in` seconds (RFC 6749 §5.1); null when not given. */
export function tokenExpiresAt(expiresIn: unknown, now: number): number | null {
  return typeof expiresIn === 'number' ? now + expiresIn * 1000 : null;
}

export interface Endpoints {
  authorize: string;
  token: string;
  refresh: string;
  revoke?: string;
}

export function oauthConfig(ctx: ServiceContext): OAuth2Config {
  const config = ctx.service.oauth2;
  if (ctx.service.authType !== 'oauth2' || !config) {
    throw new AppError('CONN_WRONG_SERVICE', `${ctx.service.name} does not use OAuth 2.0.`);
  }
  return config;
}

export function endpointsOf(ctx: ServiceContext): Endpoints {
  const config = oauthConfig(ctx);
  const resolve = (template: string, label: string): string => {
    const url = resolveEndpoint(template, ctx.dataCenter, ctx.tenant);
    const problem = secureUrlProblem(url);
    if (problem) throw new AppError('VALIDATION', `${ctx.service.name}: the ${label} is not usable (${problem}).`);
    return url;
  };
  const token = resolve(config.tokenUrl, 'access token URL');
  return {
    authorize: resolve(config.authorizeUrl, 'authorize URL'),
    token,
    refresh: config.refreshUrl ? resolve(config.refreshUrl, 'refresh token URL') : token,
    ...(config.revokeUrl ? { revoke: resolve(config.revokeUrl, 'revoke URL') } : {}),
  };
}

/** The issuer the callback's `iss` must match: configured, else the accounts server, else the authorize origin. */
export function expectedIssuer(ctx: ServiceContext, endpoints: Endpoints): string {
  return oauthConfig(ctx).issuer ?? ctx.dataCenter.accountsOrigin ?? new URL(endpoints.authorize).origin;
}

export function authorizationServer(ctx: ServiceContext, endpoints: Endpoints, issuer: string, issRequired = false): oauth.AuthorizationServer {
  return {
    issuer,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    ...(endpoints.revoke ? { revocation_endpoint: endpoints.revoke } : {}),
    authorization_response_iss_parameter_supported: issRequired,
  };
}

/** A server for one grant request: refresh may use its own URL (Zoho Accounts "refresh" docs). */
export function refreshServer(ctx: ServiceContext, endpoints: Endpoints): oauth.AuthorizationServer {
  return { ...authorizationServer(ctx, endpoints, expectedIssuer(ctx, endpoints)), token_endpoint: endpoints.refresh };
}

export function clientOf(ctx: ServiceContext, connection: Connection): oauth.Client {
  const clientId = connection.clientId || oauthConfig(ctx).clientId;
  if (!clientId)
    throw new AppError(
      'VALIDATION',
      `Connection "${connection.linkName}" has no client ID. Edit the connection and enter the client ID registered with ${ctx.service.name}.`,
    );
  return { client_id: clientId };
}

/**
 * Only custom services keep a client secret; public clients (PKCE) authenticate with none (RFC 7636 §1).
 * Through the relay the browser sends none either: the relay adds the secret from its own configuration.
 */
export async function clientAuthOf(ctx: ServiceContext, transport: Transport): Promise<oauth.ClientAuth> {
  const secret = ctx.service.kind === 'custom' ? await readClientSecret(ctx.service.id) : undefined;
  if (secret) return oauth.ClientSecretPost(secret);
  if (oauthConfig(ctx).clientSecretRequired && !transport.viaRelay) {
    throw new AppError(
      'OAUTH_CORS_BLOCKED',
      `${ctx.service.name} requires a client secret at its token endpoint, which a browser cannot keep: this provider needs a relay. ${HOW_TO_PAIR}`,
    );
  }
  return oauth.None();
}

function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

/**
 * Tells an unreachable server from a CORS refusal: both reject fetch with a TypeError, but a
 * `no-cors` probe still gets an opaque answer from a server that is up.
 */
async function classifyNetworkFailure(url: string): Promise<AppError> {
  const host = new URL(url).host;
  const refused = await policyRefusal(url);
  if (refused) return refused;
  try {
    await authDeps().fetch(url, { method: 'GET', mode: 'no-cors', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return new AppError(
      'OAUTH_CORS_BLOCKED',
      `${host} is up but does not let a browser app call its token endpoint (no CORS): this provider needs a relay. ${HOW_TO_PAIR}`,
    );
  } catch {
    return new AppError('OAUTH_UNREACHABLE', `${host} could not be reached. Check the address and your network, then try again.`);
  }
}

/**
 * Zoho Accounts answers token errors with HTTP 200 and `{"error": …}` (https://help.zoho.com/portal/en/community/topic/kaizen-4-troubleshooting-oauth2-0); RFC 6749 §5.2
 * says 400. Re-labelling them as 400 lets oauth4webapi report the OAuth error code.
 */
async function normaliseErrorStatus(response: Response): Promise<Response> {
  if (response.status !== 200 || !(response.headers.get('content-type') ?? '').includes('json')) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const isError = typeof body === 'object' && body !== null && 'error' in body && !('access_token' in body);
  return new Response(text, { status: isError ? 400 : 200, headers: response.headers });
}

function authFetch(transport: Transport): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    let response: Response;
    try {
      response = await transport.fetch(input, init);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
      throw await classifyNetworkFailure(url);
    }
    return normaliseErrorStatus(response);
  };
}

const directTransport: Transport = { fetch: (input, init) => authDeps().fetch(input, init), viaRelay: false };

/**
 * Request options for one endpoint: plain http only for loopback (the sandbox, a local provider);
 * the transport is direct or the paired relay.
 */
export function requestOptions(endpoint: string, transport: Transport): oauth.TokenEndpointRequestOptions & oauth.RevocationRequestOptions {
  return {
    [oauth.customFetch]: authFetch(transport),
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    ...(isLoopbackHttp(endpoint) ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

export function discoveryOptions(issuer: string): oauth.DiscoveryRequestOptions {
  return {
    [oauth.customFetch]: authFetch(directTransport),
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    ...(isLoopbackHttp(issuer) ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

export function scopeString(ctx: ServiceContext, scopes: string[]): string {
  return scopes.join(oauthConfig(ctx).scopeDelimiter);
}

export function parseGrantedScopes(value: unknown, requested: string[]): string[] {
  if (typeof value !== 'string' || value.trim() === '') return requested;
  return value.split(/[\s,+]+/).filter(Boolean);
}
