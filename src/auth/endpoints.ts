/**
 * A provider's OAuth endpoints and the facts about its answers, with no storage and no browser:
 * the app's sign-in and refresh build on it, and so does the headless runner in Node.
 */
import * as oauth from 'oauth4webapi';
import { AppError, isLoopbackHost, resolveEndpoint, secureUrlProblem, type DataCenter, type OAuth2Config, type Service } from '../domain/index.ts';

/** How long a token-endpoint exchange may take before the person is told it failed. */
export const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** The service, its data centre (`{tenant}` already filled in for per-customer hosts) and the tenant. */
export interface EndpointContext {
  service: Service;
  dataCenter: DataCenter;
  tenant: string;
}

export interface Endpoints {
  authorize: string;
  token: string;
  refresh: string;
  revoke?: string;
}

/** When an access token stops working, from the token response's `expires_in` seconds (RFC 6749 §5.1); null when not given. */
export function tokenExpiresAt(expiresIn: unknown, now: number): number | null {
  return typeof expiresIn === 'number' ? now + expiresIn * 1000 : null;
}

export function oauthConfig(ctx: EndpointContext): OAuth2Config {
  const config = ctx.service.oauth2;
  if (ctx.service.authType !== 'oauth2' || !config) {
    throw new AppError('CONN_WRONG_SERVICE', `${ctx.service.name} does not use OAuth 2.0.`);
  }
  return config;
}

export function endpointsOf(ctx: EndpointContext): Endpoints {
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
export function expectedIssuer(ctx: EndpointContext, endpoints: Endpoints): string {
  return oauthConfig(ctx).issuer ?? ctx.dataCenter.accountsOrigin ?? new URL(endpoints.authorize).origin;
}

export function authorizationServer(ctx: EndpointContext, endpoints: Endpoints, issuer: string, issRequired = false): oauth.AuthorizationServer {
  return {
    issuer,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    ...(endpoints.revoke ? { revocation_endpoint: endpoints.revoke } : {}),
    authorization_response_iss_parameter_supported: issRequired,
  };
}

/** A server for one grant request: refresh may use its own URL (Zoho Accounts "refresh" docs). */
export function refreshServer(ctx: EndpointContext, endpoints: Endpoints): oauth.AuthorizationServer {
  return { ...authorizationServer(ctx, endpoints, expectedIssuer(ctx, endpoints)), token_endpoint: endpoints.refresh };
}

/** Plain http is allowed only towards loopback (the sandbox, a local provider); https everywhere else. */
export function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
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

/**
 * Options for one token, revocation or discovery request to `endpoint`, sent through `send` (the
 * browser's transport, the relay, or Node's fetch): Zoho's 200-errors relabelled, a time limit, and
 * plain http only towards loopback.
 */
export function oauthRequestOptions(
  endpoint: string,
  send: (url: string, init: RequestInit) => Promise<Response>,
): oauth.TokenEndpointRequestOptions & oauth.RevocationRequestOptions & oauth.DiscoveryRequestOptions {
  return {
    [oauth.customFetch]: async (url: string, init: RequestInit) => normaliseErrorStatus(await send(url, init)),
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    ...(isLoopbackHttp(endpoint) ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

export function scopeString(ctx: EndpointContext, scopes: string[]): string {
  return scopes.join(oauthConfig(ctx).scopeDelimiter);
}

export function parseGrantedScopes(value: unknown, requested: string[]): string[] {
  if (typeof value !== 'string' || value.trim() === '') return requested;
  return value.split(/[\s,+]+/).filter(Boolean);
}
