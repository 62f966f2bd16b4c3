import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/** How long a printed pairing code may be used (once). */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

/** Only hashes are stored: a copy of the database pairs nobody (the relay's pattern, relay/pairing.ts). */
const hash = (value: string): string => createHash('sha256').update(value).digest('base64url');

export interface Pairings {
  /** A new one-time code for `npm run runner -- pair`. */
  newCode(now: number): string;
  /** Spends the code (right holder or not) and returns a token for `origin`; null when the code is wrong, used or expired. */
  pair(code: string, origin: string, now: number): string | null;
  /** The origin a token was issued to; undefined for an unknown token. */
  originOf(token: string): string | undefined;
  isPairedOrigin(origin: string): boolean;
  /** Ends the pairing of `token` (the app's Forget); true when it was there. */
  unpair(token: string): boolean;
  /** Ends every pairing (`npm run runner -- unpair`); answers how many there were. */
  unpairAll(): number;
}

export function sqlitePairings(db: Database.Database): Pairings {
  const putCode = db.prepare<[string, number]>('INSERT INTO pairing_codes (code_hash, expires_at) VALUES (?, ?)');
  const takeCode = db.prepare<[string], { expires_at: number }>('DELETE FROM pairing_codes WHERE code_hash = ? RETURNING expires_at');
  const dropExpired = db.prepare<[number]>('DELETE FROM pairing_codes WHERE expires_at <= ?');
  const putToken = db.prepare<[string, string, number]>('INSERT INTO pairings (token_hash, origin, paired_at) VALUES (?, ?, ?)');
  const getToken = db.prepare<[string], { origin: string }>('SELECT origin FROM pairings WHERE token_hash = ?');
  const getOrigin = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM pairings WHERE origin = ?');
  const dropToken = db.prepare<[string]>('DELETE FROM pairings WHERE token_hash = ?');
  const dropAll = db.prepare('DELETE FROM pairings');
  return {
    newCode(now) {
      dropExpired.run(now);
      const code = randomBytes(16).toString('base64url');
      putCode.run(hash(code), now + PAIRING_CODE_TTL_MS);
      return code;
    },
    pair(code, origin, now) {
      const row = takeCode.get(hash(code));
      if (!row || row.expires_at <= now) return null;
      const token = randomBytes(32).toString('base64url');
      putToken.run(hash(token), origin, now);
      return token;
    },
    originOf: (token) => getToken.get(hash(token))?.origin,
    isPairedOrigin: (origin) => (getOrigin.get(origin)?.n ?? 0) > 0,
    unpair: (token) => dropToken.run(hash(token)).changes > 0,
    unpairAll: () => dropAll.run().changes,
  };
}
