/**
 * The relay as `npm run bench:relay` runs it: the real server and configuration, plus an IPC hook that
 * reports its CPU time, and its memory after a full garbage collection, so the figure shows what the
 * relay keeps, not how lazily V8 returns memory. Started with --expose-gc.
 */
import { loadConfig } from '../relay/config.ts';
import { startRelay } from '../relay/server.ts';

const relay = await startRelay({ config: loadConfig(process.env) });
process.send?.({ url: relay.url, code: relay.pairingCode() });
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
    return;
  }
  if (message !== 'memory') return;
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  process.send?.({ rss, heapUsed, heapTotal, external });
});
process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
