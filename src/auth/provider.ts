/** What signing in and refreshing need beyond the endpoints: the client, its secret, and the transport (direct or relay). */
import * as oauth from 'oauth4webapi';
import { AppError, type Connection } from '../domain/index.ts';
import { oauthConfig, oauthRequestOptions, type EndpointContext } from './endpoints.ts';
import { authDeps, policyRefusal } from './deps.ts';
import { HOW_TO_PAIR, type Transport } from './relayTransport.ts';
import { readClientSecret } from './secrets.ts';

/** The no-cors reachability probe only needs the first byte of an answer. */
const PROBE_TIMEOUT_MS = 5_000;

export function clientOf(ctx: EndpointContext, connection: Connection): oauth.Client {
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
export async function clientAuthOf(ctx: EndpointContext, transport: Transport): Promise<oauth.ClientAuth> {
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

/** Sends through `transport`, telling an unreachable server from a CORS refusal when fetch itself fails. */
function authFetch(transport: Transport): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    try {
      return await transport.fetch(url, init);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
      throw await classifyNetworkFailure(url);
    }
  };
}

const directTransport: Transport = { fetch: (input, init) => authDeps().fetch(input, init), viaRelay: false };

/** A token or revocation request to `endpoint`, direct or through the paired relay. */
export function requestOptions(endpoint: string, transport: Transport): oauth.TokenEndpointRequestOptions & oauth.RevocationRequestOptions {
  return oauthRequestOptions(endpoint, authFetch(transport));
}

export function discoveryOptions(issuer: string): oauth.DiscoveryRequestOptions {
  return oauthRequestOptions(issuer, authFetch(directTransport));
}
