import type { RunnerConfig } from './contracts.ts';
import { loadKey } from './secrets/key.ts';

export const DEFAULT_PORT = 4030;
export const DEFAULT_DATA_DIR = '.runner';
export const DEFAULT_SANDBOX_URL = 'http://127.0.0.1:4010';

export class ConfigError extends Error {}

function port(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ConfigError(`RUNNER_PORT must be a port number from 1 to 65535, not "${value}".`);
  return n;
}

function url(name: string, value: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a full URL such as ${protocols[0]}//127.0.0.1:4010, not "${value}".`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.join(' or ')}//.`);
  return value;
}

/** Everything from the environment; each bad value is one sentence naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): RunnerConfig {
  const dataDir = env.RUNNER_DATA || DEFAULT_DATA_DIR;
  const redis = env.REDIS_URL;
  return {
    port: port(env.RUNNER_PORT),
    dataDir,
    key: loadKey(env, dataDir),
    redisUrl: redis ? url('REDIS_URL', redis, ['redis:', 'rediss:']) : null,
    sandboxUrl: new URL(url('RUNNER_SANDBOX_URL', env.RUNNER_SANDBOX_URL || DEFAULT_SANDBOX_URL, ['http:', 'https:'])).origin,
  };
}
