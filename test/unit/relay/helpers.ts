import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { RelayConfig } from '../../../relay/config.ts';
import { startRelay, type RunningRelay } from '../../../relay/server.ts';

export const APP_ORIGIN = 'http://localhost:5173';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** node:http rather than fetch: tests need to send any Host, Origin and request target. */
export function rawRequest(
  port: number,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: { host: `localhost:${port}`, origin: APP_ORIGIN, ...o.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = {};
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

export function tempStateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'relay-test-')), 'pairing.json');
}

export function relayConfig(overrides: Partial<RelayConfig> = {}): RelayConfig {
  return {
    port: 0,
    listen: '127.0.0.1',
    hostNames: [],
    appOrigins: [APP_ORIGIN],
    clients: [],
    sandboxOrigin: 'http://localhost:4010',
    stateFile: tempStateFile(),
    maxBodyBytes: 4096,
    timeoutMs: 5_000,
    ...overrides,
  };
}

/** A relay per test file with its log lines collected. */
export function useRelay(config: () => RelayConfig): { readonly relay: RunningRelay; readonly log: string[] } {
  let relay: RunningRelay | undefined;
  const log: string[] = [];
  beforeAll(async () => {
    relay = await startRelay({ config: config(), log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await relay?.close();
  });
  return {
    get relay() {
      if (!relay) throw new Error('relay not started');
      return relay;
    },
    log,
  };
}

export async function pair(relay: RunningRelay, approvedOrigins: string[] = []): Promise<string> {
  const res = await rawRequest(relay.port, {
    method: 'POST',
    path: '/_relay/pair',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: relay.pairingCode(), approvedOrigins }),
  });
  if (res.status !== 200 || typeof res.json.token !== 'string') throw new Error(`pairing failed: ${res.status} ${res.text}`);
  return res.json.token;
}
