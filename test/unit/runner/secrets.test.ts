import { randomBytes } from 'node:crypto';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../runner/config.ts';
import { openSecrets, sealSecrets } from '../../../runner/secrets/connectionSecrets.ts';
import { KeyError, loadKey } from '../../../runner/secrets/key.ts';
import { open, seal } from '../../../runner/secrets/seal.ts';
import { runCli, tempDir } from './helpers.ts';

const dirs: { remove(): void }[] = [];
const temp = () => {
  const t = tempDir();
  dirs.push(t);
  return t.dir;
};
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('sealing', () => {
  const key = randomBytes(32);

  it('round-trips, and the sealed text does not contain the value', () => {
    const sealed = seal(key, 'planted-secret-value', 'connection:bigin');
    expect(sealed).not.toContain('planted-secret-value');
    expect(open(key, sealed, 'connection:bigin')).toBe('planted-secret-value');
    expect(seal(key, 'planted-secret-value', 'connection:bigin')).not.toBe(sealed);
  });

  it('refuses another key, another owner and a changed byte, without echoing the value', () => {
    const sealed = seal(key, 'planted-secret-value', 'connection:bigin');
    expect(() => open(randomBytes(32), sealed, 'connection:bigin')).toThrow(/cannot be opened with this key/);
    expect(() => open(key, sealed, 'connection:books')).toThrow(/cannot be opened/);
    const at = sealed.length - 10;
    const flipped = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    expect(() => open(key, flipped, 'connection:bigin')).toThrow(/cannot be opened/);
    expect(() => open(key, 'v0.x.y', 'connection:bigin')).toThrow(/unknown format/);
    const refusal = (() => {
      try {
        open(randomBytes(32), sealed, 'connection:bigin');
        return '';
      } catch (error) {
        return String(error);
      }
    })();
    expect(refusal).toMatch(/cannot be opened with this key/);
    expect(refusal).not.toContain('planted');
  });

  it('keeps connection secrets in their schema', () => {
    const sealed = sealSecrets(key, 'bigin', { accessToken: 'a-token', refreshToken: 'r-token', expiresAt: null, version: 3 });
    expect(openSecrets(key, 'bigin', sealed)).toEqual({ accessToken: 'a-token', refreshToken: 'r-token', expiresAt: null, version: 3 });
    expect(() => sealSecrets(key, 'bigin', { accessToken: '', expiresAt: null, version: 0 })).toThrow();
    expect(() => openSecrets(randomBytes(32), 'bigin', sealed)).toThrow(/run "npm run runner -- connect bigin" again/);
  });
});

describe('the key', () => {
  it('creates the key file with mode 0600 on first use and reads the same key again', () => {
    const dir = temp();
    const first = loadKey({}, dir);
    expect(first.length).toBe(32);
    expect(statSync(join(dir, 'runner.key')).mode & 0o777).toBe(0o600);
    expect(loadKey({}, dir).equals(first)).toBe(true);
  });

  it('refuses a key file other users can read', () => {
    const dir = temp();
    loadKey({}, dir);
    chmodSync(join(dir, 'runner.key'), 0o644);
    expect(() => loadKey({}, dir)).toThrow(KeyError);
    expect(() => loadKey({}, dir)).toThrow(/can be read by other users \(mode 0644\); run "chmod 600 /);
  });

  it('refuses a key file that is not a 32-byte key', () => {
    const dir = temp();
    writeFileSync(join(dir, 'runner.key'), `${randomBytes(16).toString('base64')}\n`, { mode: 0o600 });
    expect(() => loadKey({}, dir)).toThrow(/must decode to 32 bytes, not 16/);
  });

  it('takes RUNNER_KEY before the file, and names what is wrong with it', () => {
    const dir = temp();
    const key = randomBytes(32);
    expect(loadKey({ RUNNER_KEY: key.toString('base64') }, dir).equals(key)).toBe(true);
    expect(() => loadKey({ RUNNER_KEY: 'not base64!' }, dir)).toThrow(/RUNNER_KEY is not base64/);
    expect(() => loadKey({ RUNNER_KEY: randomBytes(31).toString('base64') }, dir)).toThrow(/RUNNER_KEY must decode to 32 bytes, not 31/);
  });

  it('makes the command exit 1 with one sentence when the key file is readable by others', async () => {
    const dir = temp();
    loadKey({}, dir);
    chmodSync(join(dir, 'runner.key'), 0o644);
    const { RUNNER_KEY: _drop, ...env } = process.env;
    const result = await runCli(['workflows'], { ...env, RUNNER_DATA: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^\S+runner\.key can be read by other users \(mode 0644\); run "chmod 600 \S+" and start again\.$/);
  });
});

describe('configuration', () => {
  it('reads defaults and refuses bad values one variable at a time', () => {
    const dir = temp();
    const key = randomBytes(32).toString('base64');
    const config = loadConfig({ RUNNER_DATA: dir, RUNNER_KEY: key });
    expect(config).toMatchObject({ port: 4030, dataDir: dir, redisUrl: null, sandboxUrl: 'http://127.0.0.1:4010' });
    expect(() => loadConfig({ RUNNER_DATA: dir, RUNNER_KEY: key, RUNNER_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ RUNNER_DATA: dir, RUNNER_KEY: key, RUNNER_PORT: 'abc' })).toThrow(/RUNNER_PORT must be a port number/);
    expect(() => loadConfig({ RUNNER_DATA: dir, RUNNER_KEY: key, RUNNER_SANDBOX_URL: 'nope' })).toThrow(/RUNNER_SANDBOX_URL must be a full URL/);
    expect(() => loadConfig({ RUNNER_DATA: dir, RUNNER_KEY: key, REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must start with redis:/);
  });
});
