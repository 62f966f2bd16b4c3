import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_BYTES } from './seal.ts';

export const KEY_FILE = 'runner.key';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class KeyError extends Error {}

function decode(text: string, where: string): Buffer {
  const value = text.trim();
  if (!BASE64.test(value)) throw new KeyError(`${where} is not base64; make one with: openssl rand -base64 ${KEY_BYTES}`);
  const key = Buffer.from(value, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new KeyError(`${where} must decode to ${KEY_BYTES} bytes, not ${key.length}; make one with: openssl rand -base64 ${KEY_BYTES}`);
  }
  return key;
}

/**
 * The key that seals secrets at rest: RUNNER_KEY (base64, 32 bytes), else `<dataDir>/runner.key`,
 * created with mode 0600 on first use. A key file other users can read protects nothing, so it is
 * refused rather than used.
 */
export function loadKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  const fromEnv = env.RUNNER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return decode(fromEnv, 'RUNNER_KEY');
  const file = join(dataDir, KEY_FILE);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const key = randomBytes(KEY_BYTES);
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  }
  if ((mode & 0o077) !== 0) {
    throw new KeyError(
      `${file} can be read by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run "chmod 600 ${file}" and start again.`,
    );
  }
  return decode(readFileSync(file, 'utf8'), file);
}
