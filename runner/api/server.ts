import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, RunStatus } from '../../src/domain/index.ts';
import type { Clock } from '../../src/engine/ports.ts';
import { RunnerError } from '../errors.ts';
import type { RunnerLog } from '../log.ts';
import { CALLBACK_PATH, finishConnect, type ConnectDeps } from '../oauth/connect.ts';
import { RUN_LIST_MAX } from '../store/sqliteRuns.ts';
import type { RunnerStore } from '../store/types.ts';
import { RUNNER_NAME, RUNNER_VERSION } from '../version.ts';
import { addWorkflow, checkWorkflowsUsing, getItem, listItems, removeWorkflow, setActive } from '../workflows/manage.ts';
import { checkHost, checkOrigin, checkToken } from './guards.ts';
import { readJson, sendError, sendJson, sendPage } from './http.ts';
import type { Pairings } from './pairing.ts';

export interface ApiDeps {
  store: RunnerStore;
  pairings: Pairings;
  connect: ConnectDeps;
  clock: Clock;
  log: RunnerLog;
  mode: 'embedded' | 'cluster';
  port: number;
  preferSandbox: boolean;
  /** Tells the host a workflow was added, replaced, switched or removed. */
  changed(): Promise<void>;
  /** Told after the loopback callback finished a connect, successfully or not. */
  onConnect?(outcome: { linkName: string } | { error: AppError }): void;
}

type Handler = (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, cors: Record<string, string>) => Promise<void>;

interface Route {
  method: string;
  path: RegExp;
  open?: boolean;
  handle: Handler;
}

const ALLOWED = { 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS' };

function corsFor(origin: string | undefined): Record<string, string> {
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin', ...ALLOWED } : {};
}

function optionalInt(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RunnerError('RUNNER_BAD_REQUEST', `${name} must be a whole number, not "${value.slice(0, 40)}".`);
  return n;
}

function routes(deps: ApiDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: 'GET',
      path: /^\/health$/,
      open: true,
      handle: async (_req, res, _m, cors) => sendJson(res, 200, { status: 'ok', name: RUNNER_NAME, version: RUNNER_VERSION, mode: deps.mode }, cors),
    },
    {
      method: 'POST',
      path: /^\/pair$/,
      open: true,
      async handle(req, res, _m, cors) {
        const origin = req.headers.origin;
        const body = (await readJson(req)) as { code?: unknown };
        const token = typeof body?.code === 'string' && origin ? deps.pairings.pair(body.code, origin, deps.clock.now()) : null;
        if (!token) {
          throw new RunnerError(
            'RUNNER_PAIRING_REFUSED',
            origin
              ? 'That pairing code is wrong, expired or used already; run "npm run runner -- pair" for a new one.'
              : "Pairing needs the app's Origin header: pair from the app's Settings.",
          );
        }
        deps.log.info('Paired', { origin });
        sendJson(res, 200, { token, runner: { name: RUNNER_NAME, version: RUNNER_VERSION } }, cors);
      },
    },
    {
      method: 'DELETE',
      path: /^\/pair$/,
      async handle(req, res, _m, cors) {
        deps.pairings.unpair(checkToken(req, deps.pairings));
        deps.log.info('Unpaired', { origin: req.headers.origin });
        res.writeHead(204, cors);
        res.end();
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${CALLBACK_PATH}$`),
      open: true,
      async handle(req, res) {
        try {
          const done = await finishConnect(deps.connect, new URL(req.url ?? '/', `http://127.0.0.1:${deps.port}`));
          deps.log.info('Connected', { linkName: done.linkName });
          if ((await checkWorkflowsUsing(store, done.linkName, deps.clock.now())) > 0) await deps.changed();
          deps.onConnect?.({ linkName: done.linkName });
          sendPage(res, 200, 'Connected — you can close this tab', `The runner's connection "${done.linkName}" to ${done.serviceName} is ready.`);
        } catch (error) {
          const appError = error instanceof AppError ? error : new AppError('OAUTH_BAD_RESPONSE', 'The sign-in failed.');
          deps.log.warn('Connect failed', { code: appError.code });
          deps.onConnect?.({ error: appError });
          sendPage(res, 400, 'Not connected', appError.message);
        }
      },
    },
    { method: 'GET', path: /^\/workflows$/, handle: async (_req, res, _m, cors) => sendJson(res, 200, { workflows: await listItems(store) }, cors) },
    {
      method: 'POST',
      path: /^\/workflows$/,
      async handle(req, res, _m, cors) {
        const body = (await readJson(req)) as Record<string, unknown>;
        if (typeof body !== 'object' || body === null || typeof body.file !== 'object' || body.file === null) {
          throw new RunnerError('RUNNER_BAD_WORKFLOW', 'file: send the exported workflow/1 file as a JSON object.');
        }
        if (body.active !== undefined && typeof body.active !== 'boolean')
          throw new RunnerError('RUNNER_BAD_REQUEST', 'active must be true or false.');
        const result = await addWorkflow(
          store,
          {
            file: body.file,
            sourceId: body.sourceId,
            checkpoint: body.checkpoint,
            preferSandbox: deps.preferSandbox,
            ...(typeof body.active === 'boolean' ? { active: body.active } : {}),
          },
          deps.clock.now(),
        );
        await deps.changed();
        deps.log.info(result.created ? 'Workflow added' : 'Workflow replaced', { workflowId: result.item.id });
        sendJson(res, result.created ? 201 : 200, { workflow: result.item, warnings: result.warnings }, cors);
      },
    },
    {
      method: 'POST',
      path: /^\/workflows\/([A-Za-z0-9_-]{1,80})\/active$/,
      async handle(req, res, match, cors) {
        const body = (await readJson(req)) as { active?: unknown };
        if (typeof body?.active !== 'boolean') throw new RunnerError('RUNNER_BAD_REQUEST', 'Send { "active": true } or { "active": false }.');
        const item = await setActive(store, match[1] as string, body.active, deps.clock.now());
        await deps.changed();
        sendJson(res, 200, item, cors);
      },
    },
    {
      method: 'GET',
      path: /^\/workflows\/([A-Za-z0-9_-]{1,80})$/,
      handle: async (_req, res, match, cors) => sendJson(res, 200, await getItem(store, match[1] as string), cors),
    },
    {
      method: 'DELETE',
      path: /^\/workflows\/([A-Za-z0-9_-]{1,80})$/,
      async handle(_req, res, match, cors) {
        await removeWorkflow(store, match[1] as string);
        await deps.changed();
        sendJson(res, 204, undefined, cors);
      },
    },
    {
      method: 'GET',
      path: /^\/runs$/,
      async handle(req, res, _m, cors) {
        const query = new URL(req.url ?? '/', 'http://runner').searchParams;
        const status = query.get('status');
        if (status && !RunStatus.safeParse(status).success) {
          throw new RunnerError('RUNNER_BAD_REQUEST', `status must be one of ${RunStatus.options.join(', ')}.`);
        }
        const limit = optionalInt(query.get('limit'), 'limit');
        if (limit !== undefined && (limit < 1 || limit > RUN_LIST_MAX))
          throw new RunnerError('RUNNER_BAD_REQUEST', `limit must be from 1 to ${RUN_LIST_MAX}.`);
        const before = optionalInt(query.get('before'), 'before');
        const runs = await store.runs.listRuns({
          ...(query.get('workflowId') ? { workflowId: query.get('workflowId') as string } : {}),
          ...(status ? { status: status as RunStatus } : {}),
          ...(limit !== undefined ? { limit } : {}),
          ...(before !== undefined ? { before } : {}),
        });
        sendJson(res, 200, { runs }, cors);
      },
    },
    {
      method: 'GET',
      path: /^\/runs\/([A-Za-z0-9_-]{1,80})$/,
      async handle(_req, res, match, cors) {
        const run = await store.runs.getRun(match[1] as string);
        if (!run) throw new RunnerError('RUNNER_NOT_FOUND', `The runner has no run "${match[1]}".`);
        sendJson(res, 200, { run, log: await store.runs.logEntries(run.id) }, cors);
      },
    },
  ];
}

/** The runner's API on 127.0.0.1 only: Host checked on every request, pages only from paired origins. */
export function createApi(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const table = routes(deps);
  return (req, res) => {
    const origin = req.headers.origin;
    const path = new URL(req.url ?? '/', 'http://runner').pathname;
    let cors: Record<string, string> = {};
    const handle = async (): Promise<void> => {
      checkHost(req, deps.port);
      const pairing = path === '/pair';
      if (!pairing) checkOrigin(origin, deps.pairings);
      cors = corsFor(origin);
      if (req.method === 'OPTIONS') {
        const privateNetwork =
          req.headers['access-control-request-private-network'] === 'true' ? { 'access-control-allow-private-network': 'true' } : {};
        res.writeHead(204, { ...cors, ...privateNetwork, 'access-control-max-age': '600' });
        res.end();
        return;
      }
      const candidates = table.map((route) => ({ route, match: route.path.exec(path) })).filter((c) => c.match);
      const found = candidates.find((c) => c.route.method === req.method);
      if (!found?.match) {
        if (candidates.length > 0) throw new RunnerError('RUNNER_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}.`);
        throw new RunnerError('RUNNER_NOT_FOUND', `The runner has no ${path.slice(0, 100)}.`);
      }
      if (!found.route.open) checkToken(req, deps.pairings);
      await found.route.handle(req, res, found.match, cors);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      if (error instanceof RunnerError) return sendError(res, error, cors);
      deps.log.warn('Request failed', { path, error: error instanceof Error ? error.message : String(error) });
      sendError(res, new RunnerError('RUNNER_INTERNAL', 'The runner could not answer; its log says why.'), cors);
    });
  };
}

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, port: number): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 5_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

export async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
