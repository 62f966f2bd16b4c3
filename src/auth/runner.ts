/**
 * The browser's side of the headless runner's API: the loopback URL check, pairing, and requests
 * that carry the pairing token. The token stays in this file and the vault; callers get parsed
 * answers or an AppError whose words never include it.
 */
import { z } from 'zod';
import { AppError, isLoopbackHost } from '../domain/index.ts';
import { authDeps } from './deps.ts';
import { deleteRunnerPairing, readRunnerPairing, writeRunnerPairing, type RunnerPairing } from './secrets.ts';

export const DEFAULT_RUNNER_URL = 'http://127.0.0.1:4030';
const HOW_TO_START = 'Start it with "npm run runner" in the project folder, then try again.';
const HOW_TO_PAIR = 'Print a new pairing code with "npm run runner -- pair" and pair again under Settings → Runner.';

/** The runner is on this machine: an answer slower than this means it is not there. */
const RUNNER_TIMEOUT_MS = 5_000;

const PairAnswer = z.object({ token: z.string().min(20), runner: z.object({ name: z.literal('workflow-runner'), version: z.string() }) });
const HealthAnswer = z.object({
  status: z.literal('ok'),
  name: z.literal('workflow-runner'),
  version: z.string(),
  mode: z.enum(['embedded', 'cluster']),
});
const Refusal = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface RunnerStatus {
  paired: boolean;
  url: string | null;
  reachable: boolean;
  version: string | null;
  mode: 'embedded' | 'cluster' | null;
  /** Paired here and the runner still accepts this browser's token. */
  runnerKnowsUs: boolean;
}

/** The runner listens on loopback only: plain http on this machine, an origin with no path. */
export function runnerUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Enter the runner's address, e.g. ${DEFAULT_RUNNER_URL}`;
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname))
    return `The runner listens only on this machine: use http://127.0.0.1 or http://localhost with its port, e.g. ${DEFAULT_RUNNER_URL}`;
  return url.origin === value.replace(/\/$/, '') ? null : `Enter only the runner's address, e.g. ${DEFAULT_RUNNER_URL}`;
}

export function runnerUnreachable(url: string): AppError {
  return new AppError('RUNNER_UNREACHABLE', `The runner at ${url} did not answer. ${HOW_TO_START}`);
}

let cached: RunnerPairing | null = null;

/** A pairing made in another tab is found on the next read: only a pairing found is kept. */
async function currentPairing(): Promise<RunnerPairing | undefined> {
  cached ??= (await readRunnerPairing()) ?? null;
  return cached ?? undefined;
}

async function send(url: string, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  try {
    return await authDeps().fetch(new URL(path, url), {
      ...rest,
      headers,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(RUNNER_TIMEOUT_MS),
    });
  } catch {
    throw runnerUnreachable(url);
  }
}

/** The runner's own words, limited to printable text and never repeating the token. */
function cleanMessage(message: string, token: string | undefined): string {
  const printable = message.replace(/[^\x20-\x7E\u00A0-\uFFFF]/g, ' ').slice(0, 300);
  return token ? printable.split(token).join('••••') : printable;
}

/** What a refusal means to the person, by the runner's error code. */
async function refusalOf(response: Response, url: string, token?: string): Promise<AppError> {
  const parsed = Refusal.safeParse(await response.json().catch(() => null));
  const code = parsed.success ? parsed.data.error.code.replace(/[^A-Z_]/g, '').slice(0, 40) : '';
  const message = parsed.success ? cleanMessage(parsed.data.error.message, token) : '';
  switch (code) {
    case 'RUNNER_PAIRING_REFUSED':
      return new AppError(
        'RUNNER_NOT_PAIRED',
        `The runner at ${url} refused the pairing code: it is wrong, expired or was already used. ${HOW_TO_PAIR}`,
      );
    case 'RUNNER_UNPAIRED':
      return new AppError('RUNNER_NOT_PAIRED', `The runner at ${url} does not know this browser any more. ${HOW_TO_PAIR}`);
    case 'RUNNER_ORIGIN_REFUSED':
      return new AppError('RUNNER_NOT_PAIRED', `The runner at ${url} does not accept this app's address. ${HOW_TO_PAIR}`);
    case 'RUNNER_HOST_REFUSED':
      return new AppError('RUNNER_REFUSED', `The runner refused the address ${url}: use http://127.0.0.1 or http://localhost with its port.`);
    case 'RUNNER_BAD_WORKFLOW':
      return new AppError(
        'RUNNER_BAD_WORKFLOW',
        `The runner refused the workflow: ${message || 'it is not a valid workflow file'}. Fix it in the editor and send it again.`,
      );
    case 'RUNNER_NOT_FOUND':
      return new AppError('NOT_FOUND', `The runner at ${url} has no such item any more${message ? ` (${message})` : ''}.`);
    default:
      return new AppError(
        'RUNNER_REFUSED',
        `The runner at ${url} refused the request (${code || `HTTP ${response.status}`})${message ? `: ${message}` : ''}. Check the runner's output for details.`,
      );
  }
}

/** Trades the one-time code `npm run runner -- pair` printed for a pairing token, kept encrypted in the vault. */
export async function pairRunner(url: string, code: string): Promise<RunnerStatus> {
  const problem = runnerUrlProblem(url);
  if (problem) throw new AppError('VALIDATION', problem);
  const runnerUrl = new URL(url).origin;
  if (!/^[A-Za-z0-9_-]{6,100}$/.test(code)) throw new AppError('VALIDATION', 'Enter the pairing code printed by "npm run runner -- pair".');
  const response = await send(runnerUrl, '/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (!response.ok) throw await refusalOf(response, runnerUrl);
  const answer = PairAnswer.safeParse(await response.json().catch(() => null));
  if (!answer.success) throw new AppError('RUNNER_REFUSED', `${runnerUrl} did not answer like a workflow runner. Check the address and port.`);
  await writeRunnerPairing({ url: runnerUrl, token: answer.data.token, version: answer.data.runner.version });
  cached = null;
  return runnerStatus();
}

/** Whether a runner is paired, answers, and still accepts this browser's token. */
export async function runnerStatus(): Promise<RunnerStatus> {
  const pairing = await currentPairing();
  const base = { paired: pairing !== undefined, url: pairing?.url ?? null };
  const unreachable = { ...base, reachable: false, version: null, mode: null, runnerKnowsUs: false };
  if (!pairing) return unreachable;
  try {
    const health = HealthAnswer.safeParse(await (await send(pairing.url, '/health')).json().catch(() => null));
    if (!health.success) return unreachable;
    const probe = await send(pairing.url, '/workflows', { token: pairing.token });
    return { ...base, reachable: true, version: health.data.version, mode: health.data.mode, runnerKnowsUs: probe.status !== 401 };
  } catch {
    return unreachable;
  }
}

/**
 * Forgets the pairing here and asks the runner to end it too, so its token stops working there.
 * `revoked` is true when the runner no longer accepts the token (ended now, or unknown to it already:
 * 401, as `runnerStatus` reads it); false when it could not be told. It is forgotten here either way.
 */
export async function forgetRunner(): Promise<{ status: RunnerStatus; revoked: boolean }> {
  const pairing = await currentPairing();
  let revoked = false;
  if (pairing) {
    const answer = await send(pairing.url, '/pair', { method: 'DELETE', token: pairing.token }).catch(() => null);
    revoked = answer?.status === 204 || answer?.status === 401;
  }
  await deleteRunnerPairing();
  cached = null;
  return { status: await runnerStatus(), revoked };
}

/** One authorized request to the paired runner: its JSON answer (null for 204), or an AppError. */
export async function runnerRequest(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const pairing = await currentPairing();
  if (!pairing) throw new AppError('RUNNER_NOT_PAIRED', 'No runner is paired: pair it under Settings → Runner first.', { pairing: 'none' });
  const response = await send(pairing.url, path, {
    method: init.method ?? 'GET',
    token: pairing.token,
    ...(init.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw await refusalOf(response, pairing.url, pairing.token);
  if (response.status === 204) return null;
  const body: unknown = await response.json().catch(() => undefined);
  if (body === undefined)
    throw new AppError('RUNNER_REFUSED', `The runner at ${pairing.url} sent an answer that is not JSON. Check that the address is the runner's.`);
  return body;
}

export function resetRunnerPairingCache(): void {
  cached = null;
}
