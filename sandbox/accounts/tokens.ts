import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { sql, type Db } from '../store/db.ts';
import { covers } from './scopes.ts';

/** Tokens and codes are stored only as SHA-256 hashes, so the data file and logs never hold them. */
export const hashSecret = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Zoho token shape: `1000.<hex>.<hex>`. */
const newZohoToken = (): string => `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;

export interface CodeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  offline: boolean;
}

interface CodeRecord extends CodeRequest {
  expiresMs: number;
  used: boolean;
  grantId?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export type GrantError = { error: string; description: string };

export type TokenCheck = { ok: true; scopes: string[] } | { ok: false; reason: 'invalid' | 'expired' };

/** PKCE S256 (RFC 7636 §4.6): BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export class TokenStore {
  private readonly codes = new Map<string, CodeRecord>();
  private readonly lookupToken;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttl: () => { accessSeconds: number; codeSeconds: number; rotate: boolean },
  ) {
    this.lookupToken = sql<[string], { expires_ms: number; scopes: string; revoked: number }>(
      db,
      `SELECT a.expires_ms, g.scopes, g.revoked FROM access_tokens a JOIN grants g ON g.id = a.grant_id WHERE a.hash = ?`,
    );
  }

  issueCode(request: CodeRequest): string {
    const now = this.clock.now();
    for (const [key, record] of this.codes) if (record.expiresMs + 600_000 < now) this.codes.delete(key);
    const code = newZohoToken();
    this.codes.set(hashSecret(code), { ...request, expiresMs: now + this.ttl().codeSeconds * 1000, used: false });
    return code;
  }

  exchangeCode(code: string, clientId: string, redirectUri: string, verifier: string): IssuedTokens | GrantError {
    const record = this.codes.get(hashSecret(code));
    if (!record) return { error: 'invalid_code', description: 'The code is unknown.' };
    if (record.used) {
      // RFC 6749 §4.1.2: a reused code should revoke the tokens issued with it.
      if (record.grantId) this.revokeGrant(record.grantId);
      return { error: 'invalid_code', description: 'The code has already been used.' };
    }
    record.used = true;
    if (record.expiresMs <= this.clock.now()) return { error: 'invalid_code', description: 'The code has expired.' };
    if (record.clientId !== clientId) {
      return { error: 'invalid_client', description: 'The code was issued to another client.' };
    }
    if (record.redirectUri !== redirectUri) {
      return { error: 'invalid_redirect_uri', description: 'redirect_uri differs from the authorization request.' };
    }
    if (verifier === '') return { error: 'invalid_code', description: 'code_verifier is required (PKCE).' };
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
      return { error: 'invalid_code', description: 'code_verifier must be 43-128 unreserved characters (RFC 7636 §4.1).' };
    }
    if (s256(verifier) !== record.codeChallenge) {
      return { error: 'invalid_code', description: 'code_verifier does not match the code_challenge.' };
    }
    const grantId = randomBytes(12).toString('hex');
    const refreshToken = record.offline ? newZohoToken() : undefined;
    sql(this.db, 'INSERT INTO grants (id, client_id, scopes, refresh_hash, created_ms) VALUES (?, ?, ?, ?, ?)').run(
      grantId,
      clientId,
      JSON.stringify(record.scopes),
      refreshToken ? hashSecret(refreshToken) : null,
      this.clock.now(),
    );
    record.grantId = grantId;
    return { ...this.newAccessToken(grantId), ...(refreshToken ? { refreshToken } : {}) };
  }

  refresh(refreshToken: string, clientId: string): IssuedTokens | GrantError {
    const grant = sql<[string], { id: string; client_id: string }>(
      this.db,
      'SELECT id, client_id FROM grants WHERE refresh_hash = ? AND revoked = 0',
    ).get(hashSecret(refreshToken));
    if (!grant) return { error: 'invalid_code', description: 'The refresh token is unknown or revoked.' };
    if (grant.client_id !== clientId) {
      return { error: 'invalid_client', description: 'The refresh token was issued to another client.' };
    }
    const issued = this.newAccessToken(grant.id);
    if (!this.ttl().rotate) return issued;
    const rotated = newZohoToken();
    sql(this.db, 'UPDATE grants SET refresh_hash = ? WHERE id = ?').run(hashSecret(rotated), grant.id);
    return { ...issued, refreshToken: rotated };
  }

  /** Revokes a refresh token (its grant and all its access tokens) or a single access token. */
  revoke(token: string): boolean {
    const hash = hashSecret(token);
    const grant = sql<[string], { id: string }>(this.db, 'SELECT id FROM grants WHERE refresh_hash = ? AND revoked = 0').get(hash);
    if (grant) {
      this.revokeGrant(grant.id);
      return true;
    }
    return sql(this.db, 'DELETE FROM access_tokens WHERE hash = ?').run(hash).changes > 0;
  }

  check(accessToken: string): TokenCheck {
    const row = this.lookupToken.get(hashSecret(accessToken));
    if (!row || row.revoked) return { ok: false, reason: 'invalid' };
    if (row.expires_ms <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, scopes: JSON.parse(row.scopes) as string[] };
  }

  /** Zoho remembers consent: an active grant covering the scopes skips the consent page unless `prompt=consent`. */
  hasConsent(clientId: string, scopes: string[]): boolean {
    const rows = sql<[string], { scopes: string }>(this.db, 'SELECT scopes FROM grants WHERE client_id = ? AND revoked = 0').all(clientId);
    return rows.some((row) => covers(JSON.parse(row.scopes) as string[], scopes));
  }

  expireAllAccessTokens(): number {
    return sql(this.db, 'UPDATE access_tokens SET expires_ms = ? WHERE expires_ms > ?').run(this.clock.now() - 1, this.clock.now() - 1).changes;
  }

  revokeAll(): number {
    this.codes.clear();
    sql(this.db, 'DELETE FROM access_tokens').run();
    return sql(this.db, 'UPDATE grants SET revoked = 1, refresh_hash = NULL WHERE revoked = 0').run().changes;
  }

  private revokeGrant(grantId: string): void {
    sql(this.db, 'UPDATE grants SET revoked = 1, refresh_hash = NULL WHERE id = ?').run(grantId);
    sql(this.db, 'DELETE FROM access_tokens WHERE grant_id = ?').run(grantId);
  }

  private newAccessToken(grantId: string): IssuedTokens {
    const accessToken = newZohoToken();
    const expiresIn = this.ttl().accessSeconds;
    sql(this.db, 'INSERT INTO access_tokens (hash, grant_id, expires_ms) VALUES (?, ?, ?)').run(
      hashSecret(accessToken),
      grantId,
      this.clock.now() + expiresIn * 1000,
    );
    return { accessToken, expiresIn };
  }
}
