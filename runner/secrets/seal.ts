import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a fresh 96-bit nonce per value (NIST SP 800-38D §8.2.2). The additional data binds
 * a sealed value to what it belongs to (a link name), so a sealed blob copied onto another row fails
 * to open instead of handing that row someone else's tokens.
 */
const FORMAT = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`The runner's key must be ${KEY_BYTES} bytes; this one has ${key.length}.`);
}

export function seal(key: Buffer, plaintext: string, boundTo: string): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

/** Throws one sentence, never the value, when the key is wrong or the value was changed. */
export function open(key: Buffer, sealed: string, boundTo: string): string {
  checkKey(key);
  const [format, nonceText, bodyText] = sealed.split('.');
  if (format !== FORMAT || !nonceText || !bodyText) throw new Error('A sealed secret in the runner database has an unknown format.');
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new Error('A sealed secret in the runner database is truncated.');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'A sealed secret cannot be opened with this key: RUNNER_KEY or the key file changed since it was stored, or the value was altered.',
    );
  }
}
