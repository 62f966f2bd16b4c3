import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../relay/config.ts';

function configFile(content: unknown, mode: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'relay-config-')), 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  chmodSync(file, mode);
  return file;
}

describe('relay configuration', () => {
  it('defaults to loopback, port 4020, the dev app origin and no secrets', () => {
    const config = loadConfig({ RELAY_CONFIG: configFile({}, 0o600) });
    expect(config).toMatchObject({ listen: '127.0.0.1', port: 4020, appOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'], clients: [] });
  });

  it('refuses a config file that other users can read', () => {
    const file = configFile({ clients: [{ clientId: 'a', clientSecret: 'b' }] }, 0o644);
    expect(() => loadConfig({ RELAY_CONFIG: file })).toThrow(`${file} can be read by other users (mode 644); run chmod 600 ${file} and start again`);
    expect(() => loadConfig({ RELAY_CONFIG: configFile({}, 0o640) })).toThrow(/can be read by other users \(mode 640\)/);
  });

  it('reads client secrets from a private file, and one more from the environment', () => {
    const file = configFile({ clients: [{ clientId: 'file-client', clientSecret: 'file-secret' }], appOrigins: ['http://localhost:4204'] }, 0o600);
    const config = loadConfig({ RELAY_CONFIG: file, RELAY_CLIENT_ID: 'env-client', RELAY_CLIENT_SECRET: 'env-secret', RELAY_PORT: '4321' });
    expect(config.clients).toEqual([
      { clientId: 'file-client', clientSecret: 'file-secret' },
      { clientId: 'env-client', clientSecret: 'env-secret' },
    ]);
    expect(config.appOrigins).toEqual(['http://localhost:4204']);
    expect(config.port).toBe(4321);
  });

  it('names each bad setting', () => {
    const empty = configFile({}, 0o600);
    expect(() => loadConfig({ RELAY_CONFIG: '/nonexistent/relay.json' })).toThrow(
      'RELAY_CONFIG points to /nonexistent/relay.json, which does not exist',
    );
    expect(() => loadConfig({ RELAY_CONFIG: empty, RELAY_PORT: 'eighty' })).toThrow('RELAY_PORT must be a whole number from 0 to 65535');
    expect(() => loadConfig({ RELAY_CONFIG: empty, RELAY_APP_ORIGINS: 'http://localhost:5173/app' })).toThrow('must be an origin only (no path)');
    expect(() => loadConfig({ RELAY_CONFIG: empty, RELAY_CLIENT_ID: 'only-id' })).toThrow(
      'clients[0] needs a non-empty "clientId" and "clientSecret"',
    );
    expect(() => loadConfig({ RELAY_CONFIG: configFile({ secrets: {} }, 0o600) })).toThrow('unknown setting "secrets"');
    expect(() => loadConfig({ RELAY_CONFIG: configFile('{not json', 0o600) })).toThrow('is not valid JSON');
  });
});
