import { AppError } from '../../src/domain/index.ts';
import { systemClock } from '../../src/engine/clock.ts';
import { sqlitePairings } from '../api/pairing.ts';
import { close, createApi, listen } from '../api/server.ts';
import { streamLog } from '../log.ts';
import { beginConnect, type ConnectDeps } from '../oauth/connect.ts';
import { PENDING_TTL_MS, sqlitePending } from '../oauth/pending.ts';
import { RUNNER_NAME } from '../version.ts';
import { parseArgs, UsageError, valueOf } from './args.ts';
import type { CliContext } from './commands.ts';

const WAIT_STEP_MS = 250;

/** True when a runner answers on the port: its callback route then finishes the connect. */
async function runnerIsServing(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await res.json()) as { name?: unknown };
    return body.name === RUNNER_NAME;
  } catch {
    return false;
  }
}

/** How long the token exchange may take after the callback arrived (the provider's token endpoint answers in seconds). */
const EXCHANGE_WAIT_MS = 60_000;

/**
 * The serving runner takes the callback and then exchanges the code: the pending sign-in is gone
 * before the connection is saved, so the outcome is read once the connection changed after `since`.
 */
async function outcomeFromStore(ctx: CliContext, linkName: string, since: number): Promise<void> {
  const deadline = systemClock.now() + EXCHANGE_WAIT_MS;
  for (;;) {
    const c = (await ctx.store.connections.get(linkName))?.connection;
    if (c?.status === 'connected' && (c.authorizedAt ?? 0) >= since) return;
    if (c?.lastError && c.updatedAt >= since) throw new AppError(c.lastError.code, c.lastError.message);
    if (systemClock.now() > deadline)
      throw new AppError('OAUTH_UNREACHABLE', `"${linkName}" was not connected: the token exchange did not finish in time.`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

type ConnectOutcome = { linkName: string } | { error: AppError };

/** With no serving runner, this command takes the loopback callback itself, on the runner's port. */
async function listenForAnswer(ctx: CliContext, deps: ConnectDeps, answeredOurs: () => boolean) {
  let settle: (outcome: ConnectOutcome) => void = () => {};
  const answered = new Promise<ConnectOutcome>((resolve) => (settle = resolve));
  const handler = createApi({
    store: ctx.store,
    pairings: sqlitePairings(ctx.local.db),
    connect: deps,
    clock: deps.clock,
    log: streamLog(() => {}),
    mode: ctx.config.redisUrl ? 'cluster' : 'embedded',
    port: ctx.config.port,
    preferSandbox: ctx.preferSandbox,
    changed: async () => {},
    // Only the answer to this connect ends the wait; a stray or forged callback is refused on its page.
    onConnect: (outcome) => {
      if (answeredOurs()) settle(outcome);
    },
  });
  try {
    return { server: await listen(handler, ctx.config.port), answered, settle };
  } catch {
    throw new AppError(
      'OAUTH_UNREACHABLE',
      `Port ${ctx.config.port} is taken by something other than this runner; set RUNNER_PORT to a free port and connect again.`,
    );
  }
}

/**
 * RFC 8252: the runner is a native app. It prints the authorization URL; the person opens it anywhere
 * on this machine, and the provider redirects to the runner's loopback callback. The serving runner
 * takes the callback when it is up; otherwise this command listens on the port until the answer comes.
 */
export async function connectCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const args = parseArgs(argv, ['dc', 'client-id', 'scopes'], []);
  const linkName = args.positional[0];
  if (!linkName || args.positional.length > 1)
    throw new UsageError('Usage: npm run runner -- connect <link-name> [--dc <id>] [--client-id <id>] [--scopes a,b]');
  const scopes = valueOf(args, 'scopes')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const clock = systemClock;
  const deps: ConnectDeps = {
    connections: ctx.store.connections,
    pending: sqlitePending(ctx.local.db, ctx.config.key),
    key: ctx.config.key,
    clock,
    sandboxUrl: ctx.config.sandboxUrl,
    port: ctx.config.port,
  };
  const serving = await runnerIsServing(ctx.config.port);
  const since = clock.now();
  const clientSecret = process.env.RUNNER_CLIENT_SECRET;
  let state: string | null = null;
  // Listen before the URL is printed: a consent given at once must find the callback open.
  const listener = serving ? null : await listenForAnswer(ctx, deps, () => state !== null && !deps.pending.waiting(state));
  let started: Awaited<ReturnType<typeof beginConnect>>;
  try {
    started = await beginConnect(deps, {
      linkName,
      preferSandbox: ctx.preferSandbox,
      ...(valueOf(args, 'dc') ? { dataCenterId: valueOf(args, 'dc') } : {}),
      ...(valueOf(args, 'client-id') ? { clientId: valueOf(args, 'client-id') } : {}),
      ...(scopes && scopes.length > 0 ? { scopes } : {}),
      ...(clientSecret ? { clientSecret } : {}),
    });
  } catch (error) {
    if (listener) await close(listener.server);
    throw error;
  }
  state = started.state;
  ctx.out(`Open this address in a browser on this machine to connect "${linkName}" (${started.service.name}, ${started.dataCenterLabel}):`);
  ctx.out(started.url);
  ctx.out(`Waiting up to ${PENDING_TTL_MS / 60_000} minutes for the answer…`);
  const deadline = since + PENDING_TTL_MS;

  if (!listener) {
    while (deps.pending.waiting(started.state)) {
      if (clock.now() > deadline) throw new AppError('OAUTH_STATE_EXPIRED', 'No answer came within 10 minutes; run connect again.');
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  } else {
    const timer = setTimeout(
      () => listener.settle({ error: new AppError('OAUTH_STATE_EXPIRED', 'No answer came within 10 minutes; run connect again.') }),
      PENDING_TTL_MS,
    );
    const outcome = await listener.answered;
    clearTimeout(timer);
    await close(listener.server);
    if ('error' in outcome) throw outcome.error;
  }
  await outcomeFromStore(ctx, linkName, since);
  ctx.out(`Connected "${linkName}".`);
}
