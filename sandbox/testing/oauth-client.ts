import { createHash, randomBytes } from 'node:crypto';

/**
 * A tiny PKCE client for the sandbox's own tests and benchmark: authorize through the consent page over
 * real HTTP and exchange the code. The app has its own client in src/auth; this one only drives the sandbox.
 */
export const CLIENT_ID = 'workflow-builder';
export const DEFAULT_REDIRECT = 'http://localhost:5173/oauth/callback';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeOptions {
  scopes: string[];
  offline?: boolean;
  prompt?: 'consent';
  redirectUri?: string;
  state?: string;
  challenge?: string;
  decision?: 'accept' | 'deny';
  clientId?: string;
}

export function authorizeUrl(base: string, o: AuthorizeOptions & { challenge: string }): string {
  const url = new URL('/oauth/v2/auth', base);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', o.clientId ?? CLIENT_ID);
  url.searchParams.set('scope', o.scopes.join(','));
  url.searchParams.set('redirect_uri', o.redirectUri ?? DEFAULT_REDIRECT);
  url.searchParams.set('state', o.state ?? 'st-1');
  url.searchParams.set('code_challenge', o.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('access_type', o.offline ? 'offline' : 'online');
  if (o.prompt) url.searchParams.set('prompt', o.prompt);
  return url.toString();
}

/** Follows the authorize request (and the consent form, when shown) to the redirect back to the app. */
export async function authorize(base: string, o: AuthorizeOptions): Promise<{ redirect: URL; pkce: PkcePair }> {
  const pkce = pkcePair();
  const first = await fetch(authorizeUrl(base, { ...o, challenge: o.challenge ?? pkce.challenge }), { redirect: 'manual' });
  let location = first.headers.get('location');
  if (!location) {
    const page = await first.text();
    const txn = /name="txn" value="([^"]+)"/.exec(page)?.[1];
    if (!txn) throw new Error(`no consent form (HTTP ${first.status})`);
    const answer = await fetch(new URL('/oauth/v2/auth/consent', base), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({ txn, decision: o.decision ?? 'accept' }),
    });
    location = answer.headers.get('location');
    if (!location) throw new Error(`consent gave no redirect (HTTP ${answer.status})`);
  }
  return { redirect: new URL(location), pkce };
}

export interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  api_domain?: string;
  token_type?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

export async function tokenRequest(base: string, params: Record<string, string>): Promise<{ status: number; body: TokenResponse }> {
  const res = await fetch(new URL('/oauth/v2/token', base), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as TokenResponse };
}

export function exchange(base: string, code: string, verifier: string, redirectUri = DEFAULT_REDIRECT) {
  return tokenRequest(base, { grant_type: 'authorization_code', client_id: CLIENT_ID, code, code_verifier: verifier, redirect_uri: redirectUri });
}

/** Authorize with consent and exchange: the usual way a test gets an access token. */
export async function getTokens(base: string, scopes: string[], offline = true): Promise<TokenResponse & { access_token: string }> {
  const { redirect, pkce } = await authorize(base, { scopes, offline, prompt: 'consent' });
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`authorization failed: ${redirect.searchParams.get('error') ?? 'no code'}`);
  const { body } = await exchange(base, code, pkce.verifier);
  if (!body.access_token) throw new Error(`token exchange failed: ${body.error ?? 'no token'}`);
  return body as TokenResponse & { access_token: string };
}
