import { existsSync, readFileSync, statSync } from 'node:fs';

export interface ClientSecret {
  clientId: string;
  clientSecret: string;
}

export interface RelayConfig {
  port: number;
  /** Loopback by default; another address only when the person sets RELAY_LISTEN. */
  listen: string;
  /** Extra Host names besides localhost, 127.0.0.1 and [::1] (with the port). */
  hostNames: string[];
  appOrigins: string[];
  clients: ClientSecret[];
  /** Where the local Zoho sandbox runs, standing in for the catalog's "Sandbox (local)" origin. */
  sandboxOrigin: string;
  /** Where pairings are kept (mode 0600); null keeps them in memory only. */
  stateFile: string | null;
  maxBodyBytes: number;
  timeoutMs: number;
}

export class ConfigError extends Error {}

export const DEFAULT_PORT = 4020;

const DEFAULTS: RelayConfig = {
  port: DEFAULT_PORT,
  listen: '127.0.0.1',
  hostNames: [],
  appOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
  clients: [],
  sandboxOrigin: 'http://localhost:4010',
  stateFile: '.relay-data/pairing.json',
  maxBodyBytes: 1024 * 1024,
  timeoutMs: 30_000,
};

function origin(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ConfigError(`${what} must be an origin such as http://localhost:5173`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${what} "${value}" is not an origin such as http://localhost:5173`);
  }
  if (url.origin !== value.replace(/\/$/, '')) throw new ConfigError(`${what} "${value}" must be an origin only (no path)`);
  return url.origin;
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}

function positiveInt(value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > max)
    throw new ConfigError(`${what} must be a whole number from 0 to ${max}`);
  return number;
}

function clientsOf(value: unknown): ClientSecret[] {
  if (!Array.isArray(value)) throw new ConfigError('"clients" must be a list of {"clientId", "clientSecret"}');
  return value.map((entry, i) => {
    const { clientId, clientSecret } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
      throw new ConfigError(`clients[${i}] needs a non-empty "clientId" and "clientSecret"`);
    }
    return { clientId, clientSecret };
  });
}

/**
 * A config file holds client secrets, so it must be private to its owner: a file that the group or
 * others can read is refused, as ssh refuses a readable private key.
 */
function readConfigFile(path: string): Record<string, unknown> {
  const mode = statSync(path).mode;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path} and start again`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ConfigError(`${path} is not valid JSON`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${path} must hold a JSON object`);
  const known = new Set(['port', 'listen', 'hostNames', 'appOrigins', 'clients', 'sandboxOrigin', 'stateFile', 'maxBodyBytes', 'timeoutMs']);
  for (const key of Object.keys(data)) if (!known.has(key)) throw new ConfigError(`${path}: unknown setting "${key}"`);
  return data as Record<string, unknown>;
}

/** Defaults, then the config file (RELAY_CONFIG, default .relay-data/config.json when present), then environment variables. */
export function loadConfig(env: NodeJS.ProcessEnv): RelayConfig {
  const path = env.RELAY_CONFIG ?? '.relay-data/config.json';
  if (env.RELAY_CONFIG !== undefined && !existsSync(path)) throw new ConfigError(`RELAY_CONFIG points to ${path}, which does not exist`);
  const file = existsSync(path) ? readConfigFile(path) : {};
  const pick = <T>(key: string, envValue: T | undefined): unknown => envValue ?? file[key];
  const config: RelayConfig = { ...DEFAULTS };
  const port = pick('port', env.RELAY_PORT);
  if (port !== undefined) config.port = positiveInt(port, 'RELAY_PORT', 65535);
  const listen = pick('listen', env.RELAY_LISTEN);
  if (listen !== undefined) {
    if (typeof listen !== 'string' || listen === '') throw new ConfigError('RELAY_LISTEN must be an address such as 127.0.0.1');
    config.listen = listen;
  }
  const hostNames = pick('hostNames', list(env.RELAY_HOST_NAMES));
  if (hostNames !== undefined) {
    if (!Array.isArray(hostNames) || !hostNames.every((h) => typeof h === 'string' && /^[a-z0-9.-]+$/i.test(h)))
      throw new ConfigError('RELAY_HOST_NAMES must be host names');
    config.hostNames = hostNames as string[];
  }
  const appOrigins = pick('appOrigins', list(env.RELAY_APP_ORIGINS));
  if (appOrigins !== undefined) {
    if (!Array.isArray(appOrigins) || appOrigins.length === 0) throw new ConfigError('RELAY_APP_ORIGINS must list at least one origin');
    config.appOrigins = appOrigins.map((o) => origin(o, 'RELAY_APP_ORIGINS entry'));
  }
  config.clients = file.clients === undefined ? [] : clientsOf(file.clients);
  if (env.RELAY_CLIENT_ID !== undefined || env.RELAY_CLIENT_SECRET !== undefined) {
    config.clients = [...config.clients, ...clientsOf([{ clientId: env.RELAY_CLIENT_ID, clientSecret: env.RELAY_CLIENT_SECRET }])];
  }
  const sandbox = pick('sandboxOrigin', env.RELAY_SANDBOX_ORIGIN);
  if (sandbox !== undefined) config.sandboxOrigin = origin(sandbox, 'RELAY_SANDBOX_ORIGIN');
  const stateFile = pick('stateFile', env.RELAY_STATE_FILE);
  if (stateFile !== undefined) {
    if (typeof stateFile !== 'string') throw new ConfigError('RELAY_STATE_FILE must be a path');
    config.stateFile = stateFile === '' ? null : stateFile;
  }
  const maxBody = pick('maxBodyBytes', env.RELAY_MAX_BODY_BYTES);
  if (maxBody !== undefined) config.maxBodyBytes = positiveInt(maxBody, 'RELAY_MAX_BODY_BYTES');
  const timeout = pick('timeoutMs', env.RELAY_TIMEOUT_MS);
  if (timeout !== undefined) config.timeoutMs = positiveInt(timeout, 'RELAY_TIMEOUT_MS');
  return config;
}
