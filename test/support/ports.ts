/**
 * A free loopback port for a child server that a test (or benchmark) starts, and may stop and start
 * again on the same port.
 *
 * Ports come from below the range the system hands out for outgoing connections (Linux's default
 * `ip_local_port_range` is 32768–60999, kernel ip-sysctl docs; IANA's dynamic range is 49152–65535).
 * A port that `listen(0)` returned lies in that range: while its server is down (a Redis or relay
 * restart), any new outgoing socket may take it as its local port, and the restart fails with
 * EADDRINUSE. Nothing takes a port below the range unless it asks for it by number.
 */
import { createServer } from 'node:net';

const LOWEST = 20_000;
const HIGHEST = 32_000;
const ATTEMPTS = 50;

function bindsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
    if (await bindsFree(port)) return port;
  }
  throw new Error(`no free loopback port between ${LOWEST} and ${HIGHEST} after ${ATTEMPTS} tries`);
}
