import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The runner's cluster tests start their own Redis from Debian's redis-server, on a free port; no
 * Redis already running is used. As root we install it; otherwise we say exactly what to run.
 */
export function ensureRedis() {
  if (executable(REDIS_SERVER_PATH)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `redis-server is missing at ${REDIS_SERVER_PATH}. Install it with:\n  sudo apt-get install -y --no-install-recommends redis-server\n(or set REDIS_SERVER_PATH to a redis-server binary) and run npm test again.`,
    );
    process.exit(1);
  }
  console.log('Installing Debian redis-server for the runner cluster tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0 || !executable(REDIS_SERVER_PATH)) {
    console.error('Installing redis-server failed. Run `apt-get install -y --no-install-recommends redis-server` by hand and try again.');
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureRedis();
