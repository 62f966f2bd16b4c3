import type { Server } from 'node:http';
import { systemClock } from '../src/engine/clock.ts';
import { sqlitePairings } from './api/pairing.ts';
import { close, createApi, listen } from './api/server.ts';
import type { RunnerConfig, RunnerHost } from './contracts.ts';
import type { RunnerLog } from './log.ts';
import { sqlitePending } from './oauth/pending.ts';
import { openDatabase } from './store/db.ts';

export interface Serving {
  host: RunnerHost;
  server: Server;
  stop(): Promise<void>;
}

/**
 * `npm run runner`: the host polls and runs; the API answers the app and takes OAuth callbacks. Pairings
 * and pending connects stay in the local SQLite file in both modes: they belong to this machine.
 */
export async function serve(config: RunnerConfig, host: RunnerHost, log: RunnerLog, preferSandbox: boolean): Promise<Serving> {
  const clock = systemClock;
  const local = openDatabase(config.dataDir);
  const handler = createApi({
    store: host.store,
    pairings: sqlitePairings(local),
    connect: {
      connections: host.store.connections,
      pending: sqlitePending(local, config.key),
      key: config.key,
      clock,
      sandboxUrl: config.sandboxUrl,
      port: config.port,
    },
    clock,
    log,
    mode: config.redisUrl ? 'cluster' : 'embedded',
    port: config.port,
    preferSandbox,
    changed: () => host.refresh(),
  });
  let server: Server;
  try {
    server = await listen(handler, config.port);
  } catch (error) {
    await host.store.close();
    local.close();
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new Error(
      busy ? `Port ${config.port} is in use (another runner?); stop it or set RUNNER_PORT.` : `Cannot listen on 127.0.0.1:${config.port}.`,
    );
  }
  await host.start();
  let stopping: Promise<void> | null = null;
  return {
    host,
    server,
    stop() {
      stopping ??= (async () => {
        await close(server);
        await host.stop();
        await host.store.close();
        local.close();
      })();
      return stopping;
    },
  };
}
