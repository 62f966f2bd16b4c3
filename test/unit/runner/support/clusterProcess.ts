/**
 * One runner process of the cluster tests: the cluster host with the sandbox's HttpPort (a sandbox
 * token, Zoho hosts mapped to the sandbox). Stops on SIGTERM; the tests also kill it with SIGKILL.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { RateLimit } from '../../../../src/domain/index.ts';
import { createClusterHost } from '../../../../runner/cluster/host.ts';
import { sandboxPort } from '../../../../bench/sandboxPort.ts';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const sandboxUrl = need('RUNNER_SANDBOX_URL');
const http = sandboxPort(sandboxUrl, need('CLUSTER_TEST_TOKEN'), RateLimit.parse(JSON.parse(need('CLUSTER_TEST_BOOKS_LIMIT'))));
const host = await createClusterHost({ port: 0, dataDir: tmpdir(), key: randomBytes(32), redisUrl: need('REDIS_URL'), sandboxUrl }, { http });
await host.start();
console.log(`cluster runner ready (pid ${process.pid})`);
process.once('SIGTERM', () => {
  void host
    .stop()
    .then(() => host.store.close())
    .then(() => process.exit(0));
});
