/**
 * The runner's side of a token request: its client authentication. Endpoints, issuers, request
 * options and the providers' quirks are the app's own (src/auth/endpoints.ts), sent with Node's fetch.
 */
import * as oauth from 'oauth4webapi';

/** client_secret_post when the connection holds a secret (Zoho server-based clients); else a public PKCE client (RFC 7636 §1). */
export function clientAuth(clientSecret: string | undefined): oauth.ClientAuth {
  return clientSecret ? oauth.ClientSecretPost(clientSecret) : oauth.None();
}
