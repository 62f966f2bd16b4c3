import { AppError } from '../src/domain/index.ts';
import { HELP, runCommand, userMessage } from './cli/commands.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { RunnerConfig, RunnerHost } from './contracts.ts';
import { createEmbeddedHost } from './embedded/host.ts';
import { streamLog } from './log.ts';
import { KeyError } from './secrets/key.ts';
import { serve } from './serve.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { RunnerStore } from './store/types.ts';

// The database, its WAL and the key file hold secrets (sealed or not): readable by this user only.
process.umask(0o077);

const log = streamLog();
const [command = 'serve', ...args] = process.argv.slice(2);

/** Cluster mode (BullMQ on Redis) is loaded only when REDIS_URL is set. */
async function clusterHost(config: RunnerConfig): Promise<RunnerHost> {
  const { createClusterHost } = await import('./cluster/host.ts');
  return createClusterHost(config);
}

/** Where a command reads and writes workflows, connections and runs: the cluster's Redis when REDIS_URL is set. */
async function commandStore(config: RunnerConfig, local: RunnerStore): Promise<RunnerStore> {
  if (!config.redisUrl) return local;
  const [{ Redis }, { RedisRunnerStore }] = await Promise.all([import('ioredis'), import('./store/redis.ts')]);
  return new RedisRunnerStore(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }));
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (command === 'help' || command === '--help') return void process.stdout.write(`${HELP}\n`);
  const config = loadConfig(process.env);
  const preferSandbox = Boolean(process.env.RUNNER_SANDBOX_URL);
  if (command === 'serve') {
    const host = config.redisUrl ? await clusterHost(config) : createEmbeddedHost(config, log);
    const serving = await serve(config, host, log, preferSandbox);
    log.info(`Listening on http://127.0.0.1:${config.port}`, { mode: config.redisUrl ? 'cluster' : 'embedded', dataDir: config.dataDir });
    const shutdown = (signal: string) => {
      log.info('Stopping: no new polls; runs going finish', { signal });
      serving.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    return;
  }
  const local = openSqliteStore(config.dataDir);
  const store = await commandStore(config, local);
  try {
    await runCommand({ config, store, local, preferSandbox, out: (text) => process.stdout.write(`${text}\n`) }, command, args);
  } finally {
    if (store !== local) await store.close();
    await local.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KeyError) fail(error.message);
  const message = userMessage(error);
  if (message !== null) fail(message);
  if (error instanceof AppError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
});
