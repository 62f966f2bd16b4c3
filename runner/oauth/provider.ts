/**
 * The runner's side of a token request: its client authentication and Node's fetch. Endpoints,
 * issuers and the providers' quirks are the app's own (src/auth/endpoints.ts).
 */
import * as oauth from 'oauth4webapi';
import { isLoopbackHttp, normaliseErrorStatus, TOKEN_REQUEST_TIMEOUT_MS } from '../../src/auth/endpoints.ts';

/** client_secret_post when the connection holds a secret (Zoho server-based clients); else a public PKCE client (RFC 7636 §1). */
export function clientAuth(clientSecret: string | undefined): oauth.ClientAuth {
  return clientSecret ? oauth.ClientSecretPost(clientSecret) : oauth.None();
}

/** Plain http only towards loopback (the sandbox, a local provider); https everywhere else. */
export function requestOptions(endpoint: string): oauth.TokenEndpointRequestOptions {
  return {
    [oauth.customFetch]: async (input, init) => normaliseErrorStatus(await fetch(input, init)),
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    ...(isLoopbackHttp(endpoint) ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}
