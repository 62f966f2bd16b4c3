import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  approveForRelay,
  configureAuth,
  forgetRelay,
  goesViaRelay,
  isLoopbackRelayUrl,
  pairRelay,
  relayOriginsOf,
  relayStatus,
  relayUrlProblem,
} from '../../../src/auth/index.ts';
import { resetPairingCache } from '../../../src/auth/relayTransport.ts';
import { writeTokens } from '../../../src/auth/secrets.ts';
import { connectedHttp } from '../../../src/app/connectedHttp.ts';
import { getDefaultService } from '../../../src/catalog/index.ts';
import { AppError } from '../../../src/domain/index.ts';
import { startRelay, type RunningRelay } from '../../../relay/server.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.ts';
import { getTokens } from '../../../sandbox/testing/oauth-client.ts';
import { connectionFor, customOAuthService, freshStores } from '../auth/fixtures.ts';
import { APP_ORIGIN, relayConfig } from './helpers.ts';

let sandbox: RunningSandbox;
let relay: RunningRelay;
const log: string[] = [];
let accessToken = '';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  relay = await startRelay({ config: relayConfig({ sandboxOrigin: sandbox.url }), log: (line) => log.push(line) });
  accessToken = (await getTokens(sandbox.url, ['ZohoBigin.modules.ALL'])).access_token;
});
afterAll(async () => {
  await relay.close();
  await sandbox.close();
});

beforeEach(() => {
  freshStores();
  resetPairingCache();
  // A browser sends Origin on every cross-origin fetch; Node's fetch does not, so the test adds it.
  configureAuth({
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('origin', APP_ORIGIN);
      return globalThis.fetch(input, { ...init, headers });
    },
  });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AppError ? `${e.code}: ${e.message}` : String(e)),
  );
}

/** A custom service on the sandbox's origin with a connected connection: reachable with or without the relay. */
async function sandboxCustomConnection() {
  const service = await customOAuthService(sandbox.url);
  const connection = await connectionFor(service, { status: 'connected' });
  await writeTokens(connection.id, { accessToken, expiresAt: Date.now() + 3_600_000, version: 1 });
  return { service, connection };
}

const send = (linkName: string) =>
  connectedHttp.send(
    { linkName, method: 'GET', url: `${sandbox.url}/bigin/v2/Contacts`, query: { per_page: '1' } },
    { signal: AbortSignal.timeout(5_000) },
  );

describe('the app side of the relay', () => {
  it('accepts only an origin as the relay URL, and from a link only one on this machine', () => {
    expect(relayUrlProblem('http://localhost:4020')).toBeNull();
    expect(relayUrlProblem('http://relay.example:4020')).toBe('Use an https:// URL (http:// is allowed only for localhost)');
    expect(relayUrlProblem('http://localhost:4020/path')).toBe('Enter only the relay address, e.g. http://localhost:4020');
    expect(isLoopbackRelayUrl('http://127.0.0.1:4321')).toBe(true);
    expect(isLoopbackRelayUrl('https://relay.example')).toBe(false);
  });

  it('routes needs-relay presets and approved custom services only, and only while paired', () => {
    const bigin = getDefaultService('zoho_bigin')!;
    const microsoft = getDefaultService('microsoft_graph')!;
    expect(goesViaRelay(bigin, null)).toBe(false);
    expect(goesViaRelay(bigin, [])).toBe(true);
    expect(goesViaRelay(microsoft, [])).toBe(false);
    expect(goesViaRelay({ id: 'svc_mine', kind: 'custom', reach: 'direct' }, [])).toBe(false);
    expect(goesViaRelay({ id: 'svc_mine', kind: 'custom', reach: 'direct' }, ['svc_mine'])).toBe(true);
  });

  it('pairs with the printed code once, sends an approved custom service through the relay, and falls back to direct when not approved', async () => {
    const code = relay.pairingCode() ?? '';
    const paired = await pairRelay(relay.url, code);
    expect(paired).toMatchObject({ paired: true, url: relay.url, reachable: true, version: '1', relayKnowsUs: true, approvedServiceIds: [] });
    expect(await codeOf(pairRelay(relay.url, code))).toBe(
      `RELAY_NOT_PAIRED: The relay at ${relay.url} refused the pairing code: it is wrong or was already used. Restart the relay for a new code.`,
    );

    const { service, connection } = await sandboxCustomConnection();
    const before = log.length;
    expect((await send(connection.linkName)).status).toBe(200);
    expect(log.slice(before)).toEqual([]);

    const approved = await approveForRelay([{ serviceId: service.id, origins: relayOriginsOf(service) }]);
    expect(approved.approvedServiceIds).toEqual([service.id]);
    const result = await send(connection.linkName);
    expect(result.status).toBe(200);
    expect(log.at(-1)).toMatch(/^relay: GET localhost:\d+ \/bigin\/v2\/Contacts 200 \d+ms$/);
    expect(log.join('\n')).not.toContain(accessToken);

    expect((await forgetRelay()).paired).toBe(false);
    expect(await relayStatus()).toMatchObject({ paired: false, reachable: false });
  });

  it('names the relay and how to start it when it does not answer, and says so before any consent page', async () => {
    const stopped = await startRelay({ config: relayConfig({ sandboxOrigin: sandbox.url }), log: () => undefined });
    await pairRelay(stopped.url, stopped.pairingCode() ?? '');
    const { service, connection } = await sandboxCustomConnection();
    await approveForRelay([{ serviceId: service.id, origins: relayOriginsOf(service) }]);
    await stopped.close();
    expect(await codeOf(send(connection.linkName))).toBe(
      `RELAY_UNREACHABLE: The relay at ${stopped.url} did not answer. Start it with "npm run relay" (or "npm start") and pair it under Settings → Relay.`,
    );
    expect(await relayStatus()).toMatchObject({ paired: true, reachable: false, relayKnowsUs: false });
  });
});
