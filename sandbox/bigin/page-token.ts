import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getMeta, setMeta, type Db } from '../store/db.ts';

/** Where a token-fetched page starts: just after (`next`) or just before (`previous`) one record's sort position. */
export interface TokenState {
  direction: 'next' | 'previous';
  /** The page number this token fetches (reported as `info.page`). */
  page: number;
  /** Sort position of the anchor record: its sort value and its id. */
  anchor: [string | number, string];
  /** Digest of the request parameters the token was issued for (module, sorting, per_page, fields, If-Modified-Since). */
  binding: string;
  expiresMs: number;
}

export type TokenCheck = { ok: true; state: TokenState } | { ok: false; reason: 'mismatch' | 'expired' };

/**
 * Opaque page tokens: the state rides in the token, signed with a key kept in the data file, so a token
 * survives a sandbox restart and cannot be edited by a client.
 */
export class PageTokens {
  private readonly key: Buffer;

  constructor(db: Db) {
    let stored = getMeta(db, 'page_token_key');
    if (!stored) {
      stored = randomBytes(32).toString('hex');
      setMeta(db, 'page_token_key', stored);
    }
    this.key = Buffer.from(stored, 'hex');
  }

  issue(state: TokenState): string {
    const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  read(token: string, binding: string, nowMs: number): TokenCheck {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'mismatch' };
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'mismatch' };
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenState;
    if (state.binding !== binding) return { ok: false, reason: 'mismatch' };
    if (state.expiresMs <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, state };
  }

  binding(parts: readonly (string | number | null)[]): string {
    return createHmac('sha256', this.key).update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
