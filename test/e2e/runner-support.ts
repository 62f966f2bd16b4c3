import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SANDBOX } from './connections-support.ts';

const run = promisify(execFile);

export interface RunnerProcess {
  url: string;
  port: number;
  /** Everything the serving runner printed: it must never hold a token. */
  output: string[];
  /** `npm run runner -- <args>` against this runner's data directory; what it printed. */
  cli(args: string[]): Promise<string>;
  /** Starts a CLI command that keeps running (connect waits for the consent answer); resolves with its first URL. */
  cliUrl(args: string[]): Promise<{ url: string; done: Promise<{ code: number | null; printed: string }> }>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The runner as `npm run runner` starts it, on its own port, data directory and key, reading the e2e sandbox. */
export function runnerProcess(port: number): RunnerProcess {
  const env = {
    ...process.env,
    RUNNER_PORT: String(port),
    RUNNER_DATA: mkdtempSync(join(tmpdir(), 'runner-e2e-')),
    RUNNER_KEY: randomBytes(32).toString('base64'),
    RUNNER_SANDBOX_URL: SANDBOX,
  };
  const tsx = ['node_modules/tsx/dist/cli.mjs', 'runner/main.ts'];
  const output: string[] = [];
  let child: ChildProcess | null = null;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output,
    async cli(args) {
      const { stdout, stderr } = await run(process.execPath, [...tsx, ...args], { env });
      return stdout + stderr;
    },
    cliUrl(args) {
      const command = spawn(process.execPath, [...tsx, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const printed: string[] = [];
      const done = new Promise<{ code: number | null; printed: string }>((resolve) => {
        command.once('exit', (code) => resolve({ code, printed: printed.join('') }));
      });
      return new Promise((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          printed.push(chunk.toString('utf8'));
          const match = /^(https?:\/\/\S+)$/m.exec(printed.join(''));
          if (match?.[1]) resolve({ url: match[1], done });
        };
        command.stdout.on('data', onData);
        command.stderr.on('data', onData);
        void done.then(({ code }) => reject(new Error(`runner ${args[0]} exited with ${code} before printing a URL: ${printed.join('')}`)));
      });
    },
    async start() {
      const started = spawn(process.execPath, tsx, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`runner did not start: ${output.join('')}`)), 30_000);
        const onData = (chunk: Buffer) => {
          output.push(chunk.toString('utf8'));
          if (output.join('').includes(`Listening on http://127.0.0.1:${port}`)) {
            clearTimeout(timer);
            resolve();
          }
        };
        started.stdout?.on('data', onData);
        started.stderr?.on('data', onData);
        started.once('exit', (code) => reject(new Error(`runner exited with ${code}: ${output.join('')}`)));
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const current = child;
        if (!current || current.exitCode !== null) return resolve();
        current.once('exit', () => resolve());
        current.kill('SIGTERM');
      }),
  };
}

/** The one-time code `npm run runner -- pair` printed. */
export function pairingCodeOf(printed: string): string {
  const match = /Pairing code[^:]*:\s*(\S+)/.exec(printed);
  if (!match?.[1]) throw new Error(`no pairing code in: ${printed}`);
  return match[1];
}
