import { AppError, type Service } from '../domain/index.ts';
import { authDeps } from './deps.ts';
import { readRelayPairing, type RelayPairing } from './secrets.ts';

export const DEFAULT_RELAY_URL = 'http://localhost:4020';
export const HOW_TO_PAIR = 'Start it with "npm run relay" (or "npm start") and pair it under Settings → Relay.';

let cached: Promise<RelayPairing | undefined> | null = null;

/** The pairing from the vault, read once per page; pairing and forgetting reset it. */
export function currentPairing(): Promise<RelayPairing | undefined> {
  cached ??= readRelayPairing();
  return cached;
}

export function resetPairingCache(): void {
  cached = null;
}

/** What a refusal means to the person, by the relay's refusal code. */
function refusalError(code: string, relayUrl: string, host: string): AppError {
  switch (code) {
    case 'RELAY_NOT_PAIRED':
      return new AppError('RELAY_NOT_PAIRED', `The relay at ${relayUrl} does not know this browser any more. Pair it again under Settings → Relay.`);
    case 'RELAY_UPSTREAM_UNREACHABLE':
      return new AppError('HTTP_NETWORK', `The relay at ${relayUrl} could not reach ${host}.`);
    case 'RELAY_UPSTREAM_TIMEOUT':
      return new AppError('HTTP_TIMEOUT', `${host} did not answer the relay at ${relayUrl} in time.`);
    case 'RELAY_TARGET_NOT_APPROVED':
      return new AppError('RELAY_REFUSED', `The relay at ${relayUrl} refused ${host}: approve this custom service under Settings → Relay.`);
    case 'RELAY_ORIGIN_REFUSED':
      return new AppError(
        'RELAY_REFUSED',
        `The relay at ${relayUrl} does not accept this app's address: add it to RELAY_APP_ORIGINS and restart the relay.`,
      );
    default:
      return new AppError('RELAY_REFUSED', `The relay at ${relayUrl} refused the request to ${host} (${code.replace(/[^A-Z_]/g, '').slice(0, 40)}).`);
  }
}

export function relayUnreachable(relayUrl: string): AppError {
  return new AppError('RELAY_UNREACHABLE', `The relay at ${relayUrl} did not answer. ${HOW_TO_PAIR}`);
}

/**
 * A fetch that sends the request to the paired relay instead: the path and query go as they are, the
 * target origin and the pairing token in headers the relay checks. The relay adds a client secret
 * where one is needed; the browser never holds it.
 */
function relayFetch(pairing: RelayPairing, custom: boolean): typeof fetch {
  return async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    headers.set('x-relay-target', target.origin);
    headers.set('x-relay-token', pairing.token);
    if (custom) headers.set('x-relay-custom-service', '1');
    let response: Response;
    try {
      response = await authDeps().fetch(new URL(target.pathname + target.search, pairing.url), {
        ...init,
        headers,
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (error) {
      if (init?.signal?.aborted) throw init.signal.reason;
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
      throw relayUnreachable(pairing.url);
    }
    const refusal = response.headers.get('x-relay-refusal');
    if (refusal) throw refusalError(refusal, pairing.url, target.host);
    return response;
  };
}

export interface Transport {
  fetch: typeof fetch;
  viaRelay: boolean;
}

/**
 * Needs-relay presets, and custom services the person approved for the relay, go through it once
 * paired (`approvedServiceIds` is null while no relay is paired).
 */
export function goesViaRelay(service: Pick<Service, 'id' | 'kind' | 'reach'>, approvedServiceIds: readonly string[] | null): boolean {
  if (approvedServiceIds === null) return false;
  return service.kind === 'custom' ? approvedServiceIds.includes(service.id) : service.reach === 'needs-relay';
}

export async function transportFor(service: Service): Promise<Transport> {
  const pairing = await currentPairing();
  if (
    !pairing ||
    !goesViaRelay(
      service,
      pairing.approved.map((a) => a.serviceId),
    )
  )
    return { fetch: (input, init) => authDeps().fetch(input, init), viaRelay: false };
  return { fetch: relayFetch(pairing, service.kind === 'custom'), viaRelay: true };
}
