import type { IncomingMessage } from 'node:http';
import type { TokenStore } from './tokens.ts';

export type AuthResult = { ok: true; scopes: string[] } | { ok: false; reason: 'missing' | 'malformed' | 'invalid' | 'expired' };

/**
 * `Authorization: Zoho-oauthtoken <token>` is Zoho's documented scheme; `Bearer` is accepted too since the
 * token response says `token_type: Bearer`. Tokens in the query string are refused, as Zoho refuses them.
 */
export function authenticate(req: IncomingMessage, tokens: TokenStore): AuthResult {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const match = /^(Zoho-oauthtoken|Bearer)\s+(\S+)\s*$/i.exec(header);
  if (!match) return { ok: false, reason: 'malformed' };
  return tokens.check(match[2] as string);
}
