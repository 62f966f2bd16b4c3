import { spawn } from 'node:child_process';
import { ensureDependencies } from './deps.mjs';

/**
 * `npm start`: the app (Vite dev server), the local Zoho sandbox and the optional relay side by side;
 * Ctrl+C stops them all. The relay prints its own "Pair this relay" link once it listens.
 */
ensureDependencies();

const appPort = 5173;
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const relayPort = Number(process.env.RELAY_PORT ?? 4020);
/** Each child leads its own process group, so stopping it also stops what it started (tsx, esbuild). */
const start = (args, env) => spawn('npx', args, { stdio: 'inherit', detached: true, env: { ...process.env, ...env } });
const essential = [
  start(['tsx', 'sandbox/main.ts'], { SANDBOX_PORT: String(sandboxPort) }),
  start(['vite', '--port', String(appPort), '--strictPort', '--clearScreen', 'false'], { VITE_SANDBOX_ORIGIN: `http://localhost:${sandboxPort}` }),
];
/** Optional: if it cannot start (port taken, a config it refuses), the app and sandbox keep running. */
const relay = start(['tsx', 'relay/main.ts'], { RELAY_PORT: String(relayPort), RELAY_SANDBOX_ORIGIN: `http://localhost:${sandboxPort}` });
const children = [...essential, relay];

console.log(
  `\n  App:           http://localhost:${appPort}\n  Zoho sandbox:  http://localhost:${sandboxPort}\n  Relay: http://localhost:${relayPort}\n  Press Ctrl+C to stop them all.\n`,
);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}
for (const child of essential) child.on('exit', (code) => stop(code ?? 0));
relay.on('exit', (code) => {
  if (!stopping && code)
    console.error(`  The relay stopped (exit ${code}); the app and sandbox keep running. Fix the message above, then npm run relay.`);
});
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
