import { z } from 'zod';
import { AppError, isLoopbackHost, secureUrlProblem, type Service } from '../domain/index.ts';
import { authDeps } from './deps.ts';
import { currentPairing, HOW_TO_PAIR, relayUnreachable, resetPairingCache } from './relayTransport.ts';
import { deleteRelayPairing, writeRelayPairing, type RelayPairing } from './secrets.ts';

/** The relay runs on this machine: an answer slower than this means it is not there. */
const RELAY_TIMEOUT_MS = 5_000;

const PairAnswer = z.object({ token: z.string().min(20), version: z.string() });
const StatusAnswer = z.object({ relay: z.literal('workflow-builder-relay'), version: z.string(), paired: z.boolean() });
const Refusal = z.object({ error: z.string(), message: z.string() });

export interface RelayStatus {
  paired: boolean;
  url: string | null;
  reachable: boolean;
  version: string | null;
  /** Paired here and the relay still knows the pairing. */
  relayKnowsUs: boolean;
  approvedServiceIds: string[];
}

export interface ApprovedService {
  serviceId: string;
  origins: string[];
}

/** A relay URL is an origin: https, or http on loopback (the relay's default). */
export function relayUrlProblem(value: string): string | null {
  const problem = secureUrlProblem(value);
  if (problem) return problem;
  return new URL(value).origin === value.replace(/\/$/, '') ? null : 'Enter only the relay address, e.g. http://localhost:4020';
}

async function call(url: string, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('x-relay-token', init.token);
  try {
    return await authDeps().fetch(new URL(path, url), {
      ...init,
      headers,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(RELAY_TIMEOUT_MS),
    });
  } catch {
    throw relayUnreachable(url);
  }
}

async function refusalOf(response: Response, url: string): Promise<AppError> {
  const parsed = Refusal.safeParse(await response.json().catch(() => null));
  if (parsed.success && parsed.data.error === 'RELAY_PAIRING_CODE_INVALID') {
    return new AppError(
      'RELAY_NOT_PAIRED',
      `The relay at ${url} refused the pairing code: it is wrong or was already used. Restart the relay for a new code.`,
    );
  }
  return new AppError(
    'RELAY_REFUSED',
    `The relay at ${url} refused (${parsed.success ? parsed.data.error.replace(/[^A-Z_]/g, '') : `HTTP ${response.status}`}).`,
  );
}

function approvedOrigins(approved: ApprovedService[]): string[] {
  return [...new Set(approved.flatMap((a) => a.origins))];
}

/** A relay URL from a pairing link is taken only when it is on this machine, so a link cannot pair with someone else's relay. */
export function isLoopbackRelayUrl(value: string): boolean {
  if (relayUrlProblem(value)) return false;
  const url = new URL(value);
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** Trades the one-time code the relay printed for a pairing token, kept encrypted in the vault. */
export async function pairRelay(url: string, code: string, approved: ApprovedService[] = []): Promise<RelayStatus> {
  const problem = relayUrlProblem(url);
  if (problem) throw new AppError('VALIDATION', problem);
  const relayUrl = new URL(url).origin;
  if (!/^[A-Za-z0-9_-]{10,100}$/.test(code)) throw new AppError('VALIDATION', 'Enter the pairing code from the relay\'s "Pair this relay" line.');
  const response = await call(relayUrl, '/_relay/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, approvedOrigins: approvedOrigins(approved) }),
  });
  if (!response.ok) throw await refusalOf(response, relayUrl);
  const answer = PairAnswer.safeParse(await response.json().catch(() => null));
  if (!answer.success) throw new AppError('RELAY_REFUSED', `${relayUrl} did not answer like a workflow-builder relay.`);
  await writeRelayPairing({ url: relayUrl, token: answer.data.token, version: answer.data.version, approved });
  resetPairingCache();
  return relayStatus();
}

export async function relayStatus(): Promise<RelayStatus> {
  const pairing = await currentPairing();
  const base = { paired: pairing !== undefined, url: pairing?.url ?? null, approvedServiceIds: pairing?.approved.map((a) => a.serviceId) ?? [] };
  if (!pairing) return { ...base, reachable: false, version: null, relayKnowsUs: false };
  try {
    const response = await call(pairing.url, '/_relay/status', { token: pairing.token });
    const answer = StatusAnswer.safeParse(await response.json().catch(() => null));
    if (!answer.success) return { ...base, reachable: false, version: null, relayKnowsUs: false };
    return { ...base, reachable: true, version: answer.data.version, relayKnowsUs: answer.data.paired };
  } catch {
    return { ...base, reachable: false, version: null, relayKnowsUs: false };
  }
}

/** Before sending anyone to a consent page: a needs-relay sign-in fails early, with nothing stored. */
export async function ensureRelayReady(): Promise<void> {
  const status = await relayStatus();
  if (!status.url) throw new AppError('RELAY_NOT_PAIRED', `No relay is paired. ${HOW_TO_PAIR}`);
  if (!status.reachable) throw relayUnreachable(status.url);
  if (!status.relayKnowsUs)
    throw new AppError('RELAY_NOT_PAIRED', `The relay at ${status.url} does not know this browser any more. Pair it again under Settings → Relay.`);
}

/** Sends the person's approvals to the relay with the pairing token, then keeps them here. */
export async function approveForRelay(approved: ApprovedService[]): Promise<RelayStatus> {
  const pairing = await currentPairing();
  if (!pairing) throw new AppError('RELAY_NOT_PAIRED', `No relay is paired. ${HOW_TO_PAIR}`);
  const response = await call(pairing.url, '/_relay/approvals', {
    method: 'PUT',
    token: pairing.token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ approvedOrigins: approvedOrigins(approved) }),
  });
  if (!response.ok) throw await refusalOf(response, pairing.url);
  const next: RelayPairing = { ...pairing, approved };
  await writeRelayPairing(next);
  resetPairingCache();
  return relayStatus();
}

/** Tells the relay to drop the pairing (best effort) and forgets it here whatever the relay said. */
export async function forgetRelay(): Promise<RelayStatus> {
  const pairing = await currentPairing();
  if (pairing) {
    try {
      await call(pairing.url, '/_relay/pair', { method: 'DELETE', token: pairing.token });
    } catch {
      // The relay may be stopped; the pairing is forgotten here either way.
    }
  }
  await deleteRelayPairing();
  resetPairingCache();
  return relayStatus();
}

/** Every origin a custom service's credentials or token requests go to: what approving it lets through. */
export function relayOriginsOf(service: Service): string[] {
  const origins = service.dataCenters.flatMap((dc) => dc.apiOrigins);
  const oauth2 = service.oauth2;
  for (const url of oauth2 ? [oauth2.tokenUrl, oauth2.refreshUrl, oauth2.revokeUrl] : [])
    if (url && URL.canParse(url)) origins.push(new URL(url).origin);
  return [...new Set(origins)];
}
