import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CLIENT_ID, RUNNER_CLIENT_ID } from '../context.ts';
import type { SandboxSettings } from '../settings.ts';
import type { GrantError } from './tokens.ts';

/**
 * A Zoho "Server-based" client: authorization code plus a client secret at the token endpoint
 * (Zoho Accounts, "Server-based Applications"), so only a relay holding the secret can use it.
 */
export const SERVER_CLIENT_ID = 'workflow-builder-server';

export function isKnownClient(clientId: string): boolean {
  return clientId === CLIENT_ID || clientId === SERVER_CLIENT_ID || clientId === RUNNER_CLIENT_ID;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The secret from `client_secret` (RFC 6749 §2.3.1 post) or HTTP Basic (Zoho's newer revoke page). */
function presentedSecret(req: IncomingMessage, params: Map<string, string>): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1 && decodeURIComponent(decoded.slice(0, colon)) === SERVER_CLIENT_ID) return decodeURIComponent(decoded.slice(colon + 1));
  }
  return params.get('client_secret');
}

/** Null when the client may use the token endpoint; the server client must prove its secret. */
export function clientAuthProblem(req: IncomingMessage, clientId: string, params: Map<string, string>, settings: SandboxSettings): GrantError | null {
  if (clientId !== SERVER_CLIENT_ID) return null;
  const secret = presentedSecret(req, params);
  if (secret === undefined || secret === '')
    return { error: 'invalid_client', description: 'client_secret is required for this server-based client.' };
  if (!sameSecret(secret, settings.serverClientSecret)) return { error: 'invalid_client_secret', description: 'client_secret does not match.' };
  return null;
}

/**
 * Strict mode, as far as we know real Zoho: its token endpoint and the Books API send no CORS
 * headers (Zoho Invoice/Books API docs: "Server to server calls are only possible"), so a browser
 * cannot read their answers.
 */
export function withholdsCors(settings: SandboxSettings, path: string): boolean {
  return (
    settings.strict &&
    (path.startsWith('/oauth/v2/token') || path === '/oauth/v2/revoke/token' || path.startsWith('/books/') || path.startsWith('/api/v3/'))
  );
}
