/**
 * The relay as `npm run bench:relay` runs it: the real server and configuration, plus an IPC hook that
 * measures resident memory after a full garbage collection, so the figure shows what the relay
 * keeps, not how lazily V8 returns memory. Started with --expose-gc.
 */
import { loadConfig } from '../relay/config.ts';
import { startRelay } from '../relay/server.ts';

const relay = await startRelay({ config: loadConfig(process.env) });
process.send?.({ url: relay.url, code: relay.pairingCode() });
process.on('message', (message) => {
  if (message !== 'rss') return;
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed });
});
process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
