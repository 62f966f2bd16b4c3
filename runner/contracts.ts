/**
 * The seams between the runner's parts: configuration, the host that drives live workflows (embedded
 * on SQLite or a cluster on BullMQ), and the HTTP port the engine sends through.
 */
import type { Clock, HttpPort } from '../src/engine/ports.ts';
import type { RunnerConnectionStore, RunnerStore } from './store/types.ts';

export interface RunnerConfig {
  /** API and OAuth loopback callback port (RUNNER_PORT, default 4030). */
  port: number;
  /** Where the embedded database, key file and pairing live (RUNNER_DATA, default `.runner`). */
  dataDir: string;
  /** 32-byte key for secrets at rest, from RUNNER_KEY (base64) or the key file. */
  key: Buffer;
  /** Set: the process joins a cluster on BullMQ/Redis instead of running embedded. */
  redisUrl: string | null;
  /** The local Zoho sandbox's origin for connections in its data centre (RUNNER_SANDBOX_URL). */
  sandboxUrl: string;
}

/** What `npm run runner` starts: polls active workflows and runs their changes until stopped. */
export interface RunnerHost {
  readonly store: RunnerStore;
  start(): Promise<void>;
  /** No new polls or runs; runs already going finish (or are picked up again after a restart). */
  stop(): Promise<void>;
  /** Re-reads the workflows and their switches after an add, remove or (de)activation. */
  refresh(): Promise<void>;
}

/** Builds the engine's HttpPort over the runner's sealed connections (refreshing tokens as needed). */
export type RunnerHttpFactory = (deps: { connections: RunnerConnectionStore; key: Buffer; clock: Clock; sandboxUrl: string }) => HttpPort;
