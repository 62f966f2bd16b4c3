import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP, SANDBOX } from './connections-support.ts';

export interface RelayProcess {
  url: string;
  port: number;
  pairLink: string;
  /** Everything the relay printed: its log must never hold a secret or token. */
  output: string[];
  stop(): Promise<void>;
}

/** An empty private config file, so a developer's own relay configuration never leaks into the test. */
export function relayTestFiles(): { config: string; state: string } {
  const dir = mkdtempSync(join(tmpdir(), 'relay-e2e-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, '{}');
  chmodSync(config, 0o600);
  return { config, state: join(dir, 'pairing.json') };
}

/** Starts `relay/main.ts` as `npm run relay` would, with the e2e app origin and the sandbox's server client. */
export async function startRelayProcess(o: { port: number; clientSecret: string; files: { config: string; state: string } }): Promise<RelayProcess> {
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'relay/main.ts'], {
    env: {
      ...process.env,
      RELAY_PORT: String(o.port),
      RELAY_CONFIG: o.files.config,
      RELAY_STATE_FILE: o.files.state,
      RELAY_APP_ORIGINS: APP,
      RELAY_SANDBOX_ORIGIN: SANDBOX,
      RELAY_CLIENT_ID: 'workflow-builder-server',
      RELAY_CLIENT_SECRET: o.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const pairLink = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${output.join('')}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      const match = /Pair this relay: (\S+)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${output.join('')}`)));
  });
  return {
    url: `http://localhost:${o.port}`,
    port: o.port,
    pairLink,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
