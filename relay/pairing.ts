import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Refusal } from './errors.ts';

interface Pairing {
  /** SHA-256 of the token: a copy of the state file does not let anyone use the relay. */
  tokenHash: string;
  approvedOrigins: string[];
  pairedAt: string;
}

interface PairingFile {
  pairings: Pairing[];
}

const hash = (token: string): string => createHash('sha256').update(token).digest('base64url');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Approved custom-service origins: https, or http on loopback for a local provider. */
export function parseApprovedOrigins(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 100) throw new Refusal('RELAY_BAD_REQUEST');
  return value.map((item) => {
    if (typeof item !== 'string') throw new Refusal('RELAY_BAD_REQUEST');
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new Refusal('RELAY_BAD_REQUEST');
    }
    const loopback = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.origin !== item || (url.protocol !== 'https:' && !loopback)) throw new Refusal('RELAY_BAD_REQUEST');
    return item;
  });
}

function parsePairingFile(text: string, file: string): Pairing[] {
  const broken = (): never => {
    throw new Error(`${file} is not a relay pairing file; delete it and pair again.`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return broken();
  }
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { pairings?: unknown }).pairings)) return broken();
  return (data as { pairings: unknown[] }).pairings.map((entry): Pairing => {
    if (typeof entry !== 'object' || entry === null) return broken();
    const { tokenHash, approvedOrigins, pairedAt } = entry as Record<string, unknown>;
    if (typeof tokenHash !== 'string' || typeof pairedAt !== 'string') return broken();
    return { tokenHash, approvedOrigins: parseApprovedOrigins(approvedOrigins), pairedAt };
  });
}

/**
 * One-time pairing code (printed at start, dead after one use, right or wrong holder) and the
 * pairings it produced. Only the pairings are kept across restarts; the code never is.
 */
export class PairingStore {
  private code: string | null;
  private pairings: Pairing[];

  constructor(private readonly file: string | null) {
    this.code = randomBytes(16).toString('base64url');
    this.pairings = file && existsSync(file) ? parsePairingFile(readFileSync(file, 'utf8'), file) : [];
  }

  pairingCode(): string | null {
    return this.code;
  }

  pair(code: unknown, approvedOrigins: string[]): string {
    const current = this.code;
    if (typeof code !== 'string' || current === null || !sameText(code, current)) throw new Refusal('RELAY_PAIRING_CODE_INVALID');
    this.code = null;
    const token = randomBytes(32).toString('base64url');
    this.pairings.push({ tokenHash: hash(token), approvedOrigins, pairedAt: new Date().toISOString() });
    this.save();
    return token;
  }

  /** The approved origins of the pairing this token belongs to; refuses an unknown token. */
  approvalsOf(token: string | undefined): string[] {
    const pairing = token ? this.find(token) : undefined;
    if (!pairing) throw new Refusal('RELAY_NOT_PAIRED');
    return pairing.approvedOrigins;
  }

  isPaired(token: string | undefined): boolean {
    return token !== undefined && this.find(token) !== undefined;
  }

  approve(token: string | undefined, origins: string[]): void {
    const pairing = token ? this.find(token) : undefined;
    if (!pairing) throw new Refusal('RELAY_NOT_PAIRED');
    pairing.approvedOrigins = origins;
    this.save();
  }

  forget(token: string | undefined): void {
    const pairing = token ? this.find(token) : undefined;
    if (!pairing) throw new Refusal('RELAY_NOT_PAIRED');
    this.pairings = this.pairings.filter((p) => p !== pairing);
    this.save();
  }

  private find(token: string): Pairing | undefined {
    const wanted = hash(token);
    return this.pairings.find((p) => sameText(p.tokenHash, wanted));
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ pairings: this.pairings } satisfies PairingFile, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
  }
}
