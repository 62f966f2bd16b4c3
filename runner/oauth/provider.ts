import * as oauth from 'oauth4webapi';
import { AppError, isLoopbackHost, resolveEndpoint, secureUrlProblem, type OAuth2Config } from '../../src/domain/index.ts';
import type { RunnerServiceContext } from '../http/serviceContext.ts';

/** How long one token-endpoint exchange may take. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

export interface Endpoints {
  authorize: string;
  token: string;
  refresh: string;
}

export function oauthConfig(ctx: RunnerServiceContext): OAuth2Config {
  const config = ctx.service.oauth2;
  if (ctx.service.authType !== 'oauth2' || !config) throw new AppError('CONN_WRONG_SERVICE', `${ctx.service.name} does not use OAuth 2.0.`);
  return config;
}

export function endpointsOf(ctx: RunnerServiceContext): Endpoints {
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
  };
}

/** The issuer a callback's `iss` must match: configured, else the accounts server, else the authorize origin. */
export function expectedIssuer(ctx: RunnerServiceContext, endpoints: Endpoints): string {
  return oauthConfig(ctx).issuer ?? ctx.dataCenter.accountsOrigin ?? new URL(endpoints.authorize).origin;
}

export function authorizationServer(ctx: RunnerServiceContext, endpoints: Endpoints, tokenEndpoint = endpoints.token): oauth.AuthorizationServer {
  return {
    issuer: expectedIssuer(ctx, endpoints),
    authorization_endpoint: endpoints.authorize,
    token_endpoint: tokenEndpoint,
    authorization_response_iss_parameter_supported: false,
  };
}

/** client_secret_post when the connection holds a secret (Zoho server-based clients); else a public PKCE client (RFC 7636 §1). */
export function clientAuth(clientSecret: string | undefined): oauth.ClientAuth {
  return clientSecret ? oauth.ClientSecretPost(clientSecret) : oauth.None();
}

/**
 * Zoho Accounts answers token errors with HTTP 200 and `{"error": …}`; RFC 6749 §5.2 says 400.
 * Re-labelling them as 400 lets oauth4webapi report the OAuth error code.
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

/** Plain http only towards loopback (the sandbox, a local provider); https everywhere else. */
export function requestOptions(endpoint: string): oauth.TokenEndpointRequestOptions {
  const url = new URL(endpoint);
  const loopback = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  return {
    [oauth.customFetch]: async (input, init) => normaliseErrorStatus(await fetch(input, init)),
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    ...(loopback ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

export function tokenExpiresAt(expiresIn: unknown, now: number): number | null {
  return typeof expiresIn === 'number' ? now + expiresIn * 1000 : null;
}

export function parseGrantedScopes(value: unknown, requested: string[]): string[] {
  if (typeof value !== 'string' || value.trim() === '') return requested;
  return value.split(/[\s,+]+/).filter(Boolean);
}
