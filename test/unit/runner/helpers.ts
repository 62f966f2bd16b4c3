import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIGIN_BOOKS_SYNC_TEMPLATE, serializeWorkflowFile, type Workflow } from '../../../src/domain/index.ts';

export const ORG = '10234695';
const MAIN = join(import.meta.dirname, '../../../runner/main.ts');

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'runner-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunnerEnv extends NodeJS.ProcessEnv {
  RUNNER_DATA: string;
  RUNNER_PORT: string;
}

export function runnerEnv(dataDir: string, port: number, sandboxUrl: string, key = randomBytes(32).toString('base64')): RunnerEnv {
  const { RUNNER_KEY: _k, REDIS_URL: _r, ...rest } = process.env;
  return { ...rest, RUNNER_DATA: dataDir, RUNNER_PORT: String(port), RUNNER_SANDBOX_URL: sandboxUrl, RUNNER_KEY: key };
}

/** The editor's template with both connections picked and the sandbox's Books organization, as the app exports it. */
export function templateFileText(): string {
  const graph = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  for (const node of graph.nodes) {
    if (node.type !== 'function') continue;
    node.config.connections = { bigin: 'bigin', books: 'books' };
    if (node.config.builtin) node.config.builtin.params.organizationId = ORG;
  }
  const workflow: Workflow = { ...graph, id: 'wf_template0001', schemaVersion: 2, revision: 0, createdAt: 0, updatedAt: 0 };
  return serializeWorkflowFile(workflow, (linkName) => (linkName === 'bigin' ? 'zoho_bigin' : 'zoho_books'));
}

export function writeTemplate(dir: string): string {
  const file = join(dir, 'workflow.json');
  writeFileSync(file, templateFileText());
  return file;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Finished>;
}

/** `npm run runner -- <args>` as a real process (node + tsx, so the pid is the runner's own). */
export function spawnRunner(args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, stdout: out, stderr: err })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return spawnRunner(args, env).exited;
}

/** Polls until `check` returns a value; the timeout only ends a hung test, it measures nothing. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A serving runner: waits for /health. */
export async function startServing(env: RunnerEnv): Promise<Spawned> {
  const serving = spawnRunner([], env);
  await waitFor('the runner to answer /health', async () => {
    if (serving.child.exitCode !== null) throw new Error(`The runner exited: ${serving.stderr()}`);
    try {
      return (await fetch(`http://127.0.0.1:${env.RUNNER_PORT}/health`)).ok;
    } catch {
      return false;
    }
  });
  return serving;
}

export async function stopServing(serving: Spawned, signal: NodeJS.Signals = 'SIGTERM'): Promise<Finished> {
  if (serving.child.exitCode === null) serving.child.kill(signal);
  return serving.exited;
}

/**
 * What the person does in the browser: open the authorization URL, press Accept (or Deny) on the
 * sandbox's consent page, and follow the redirect to the runner's loopback callback.
 */
export async function consent(
  authorizationUrl: string,
  decision: 'accept' | 'deny' = 'accept',
): Promise<{ callback: URL; status: number; page: string }> {
  const first = await fetch(authorizationUrl, { redirect: 'manual' });
  const page = await first.text();
  const txn = /name="txn" value="([^"]+)"/.exec(page)?.[1];
  if (!txn) throw new Error(`No consent form (HTTP ${first.status}): ${page.slice(0, 300)}`);
  const base = new URL(authorizationUrl).origin;
  const answer = await fetch(new URL('/oauth/v2/auth/consent', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ txn, decision }),
  });
  const location = answer.headers.get('location');
  if (!location) throw new Error(`Consent gave no redirect (HTTP ${answer.status})`);
  const callback = new URL(location);
  const res = await fetch(callback);
  return { callback, status: res.status, page: await res.text() };
}

export const urlIn = (text: string): string | undefined => /^(https?:\/\/\S+\/oauth\/v2\/auth\?\S+)$/m.exec(text)?.[1];

/** `connect <link name>` with consent given; resolves with the command's exit and output. */
export async function connectViaCli(
  env: RunnerEnv,
  linkName: string,
  decision: 'accept' | 'deny' = 'accept',
): Promise<{ finished: Finished; callback: URL; page: string }> {
  const command = spawnRunner(['connect', linkName], env);
  const url = await waitFor(`the authorization URL for ${linkName}`, () => {
    if (command.child.exitCode !== null) throw new Error(`connect exited: ${command.stderr()}`);
    return urlIn(command.stdout());
  });
  const answered = await consent(url, decision);
  return { finished: await command.exited, callback: answered.callback, page: answered.page };
}

/** Every byte the runner keeps on disk: the database, its WAL and shared memory, the key file if any. */
export function dataBytes(dataDir: string): Buffer {
  return Buffer.concat(readdirSync(dataDir).map((name) => readFileSync(join(dataDir, name))));
}
