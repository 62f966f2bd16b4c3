/**
 * What the cluster tests and `bench:runner` share: a sandbox of their own, the seed workflow wired
 * to the sandbox's connections, its activation in the runner's store, and runner processes spawned
 * as children (each stopped or killed by its PID).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIGIN_BOOKS_SYNC_TEMPLATE, type RateLimit, type Workflow } from '../../../../src/domain/index.ts';
import type { RunnerStore } from '../../../../runner/store/types.ts';

export const ORG = '10234695';
export const WORKFLOW_ID = 'wf_clustertest0001';
const TSX = join('node_modules', '.bin', 'tsx');

export interface Sandbox {
  url: string;
  control<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cluster-sandbox-'));
  const child = spawn(TSX, ['sandbox/main.ts', '--fresh'], {
    env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir, SANDBOX_APP_ORIGINS: 'http://localhost:5173' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /listening on (http:\/\/localhost:\d+)/.exec(out)?.[1];
      if (found) done(found);
    });
    child.once('exit', (code) => fail(new Error(`sandbox exited with ${code}`)));
  });
  child.stdout.on('error', () => {});
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    url,
    control,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function seedWorkflow(id = WORKFLOW_ID): Workflow {
  const built = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  for (const node of built.nodes)
    if (node.type === 'function') {
      node.config.connections = { bigin: 'bigin', books: 'books' };
      node.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: ORG } };
    }
  return {
    id,
    name: built.name,
    schemaVersion: 2,
    revision: 1,
    nodes: built.nodes,
    edges: built.edges,
    layout: { nodes: {} },
    createdAt: 0,
    updatedAt: 0,
  };
}

/** The workflow, its two connections and an active trigger with no checkpoint (the first check takes the baseline). */
export async function activateSeed(store: RunnerStore, pollMs: number, workflow = seedWorkflow()): Promise<Workflow> {
  const now = Date.now();
  for (const [linkName, service] of [
    ['bigin', 'zoho_bigin'],
    ['books', 'zoho_books'],
  ] as const)
    await store.connections.put({
      connection: {
        id: `conn_${linkName}00000000001`,
        name: linkName,
        linkName,
        serviceId: `svc_${service}`,
        dataCenterId: 'sandbox',
        tenant: '',
        clientId: 'workflow-builder',
        scopesRequested: [],
        scopesGranted: [],
        status: 'connected',
        expiresAt: null,
        authorizedAt: now,
        lastRefreshAt: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      },
      sealedSecrets: null,
    });
  await store.workflows.put(workflow);
  await store.live.putState({
    workflowId: workflow.id,
    active: true,
    activatedAt: now,
    pollIntervalMs: pollMs,
    checkpoint: null,
    lastPollAt: null,
    lastSuccessAt: null,
    nextPollAt: now,
    failures: 0,
    trouble: null,
    checkRequestedAt: null,
    updatedAt: now,
  });
  return workflow;
}

export function contacts(count: number, tag: string): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(5, '0');
    return { First_Name: 'Cluster', Last_Name: `${tag} ${n}`, Email: `cluster.${tag}.${n}@example.com`, Phone: `+1-555-${n}` };
  });
}

export interface RunnerProcess {
  pid: number;
  ready: Promise<void>;
  /** SIGTERM: no new jobs, the running ones finish. */
  stop(): Promise<void>;
  /** SIGKILL: gone at once, its locks expire and its jobs go to the others. */
  kill(): Promise<void>;
  output(): string;
}

export interface RunnerEnv {
  redisUrl: string;
  sandboxUrl: string;
  token: string;
  booksLimit: RateLimit;
  lockMs?: number;
  concurrency?: number;
}

export function spawnRunner(env: RunnerEnv): RunnerProcess {
  const child: ChildProcess = spawn(TSX, ['test/unit/runner/support/clusterProcess.ts'], {
    env: {
      ...process.env,
      REDIS_URL: env.redisUrl,
      RUNNER_SANDBOX_URL: env.sandboxUrl,
      CLUSTER_TEST_TOKEN: env.token,
      CLUSTER_TEST_BOOKS_LIMIT: JSON.stringify(env.booksLimit),
      RUNNER_CLUSTER_LOCK_MS: String(env.lockMs ?? 4_000),
      RUNNER_CLUSTER_CONCURRENCY: String(env.concurrency ?? 8),
      RUNNER_CLUSTER_REFRESH_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const ready = new Promise<void>((done, fail) => {
    const check = () => (out.includes('cluster runner ready') ? done() : undefined);
    child.stdout?.on('data', check);
    child.once('exit', (code) => fail(new Error(`runner exited with ${code}: ${out}`)));
  });
  ready.catch(() => {});
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { pid: child.pid!, ready, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL'), output: () => out };
}
