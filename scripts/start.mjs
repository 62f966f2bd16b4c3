import { spawn } from 'node:child_process';
import { ensureDependencies } from './deps.mjs';

/** `npm start`: the app (Vite dev server) and the local Zoho sandbox side by side; Ctrl+C stops both. */
ensureDependencies();

const appPort = 5173;
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
/** Each child leads its own process group, so stopping it also stops what it started (tsx, esbuild). */
const start = (args, env) => spawn('npx', args, { stdio: 'inherit', detached: true, env: { ...process.env, ...env } });
const children = [
  start(['tsx', 'sandbox/main.ts'], { SANDBOX_PORT: String(sandboxPort) }),
  start(['vite', '--port', String(appPort), '--strictPort', '--clearScreen', 'false'], { VITE_SANDBOX_ORIGIN: `http://localhost:${sandboxPort}` }),
];

console.log(`\n  App:           http://localhost:${appPort}\n  Zoho sandbox:  http://localhost:${sandboxPort}\n  Press Ctrl+C to stop both.\n`);

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
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
