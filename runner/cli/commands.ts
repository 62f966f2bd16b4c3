import { readFileSync } from 'node:fs';
import { getDefaultService } from '../../src/catalog/index.ts';
import { AppError, RunStatus } from '../../src/domain/index.ts';
import { systemClock } from '../../src/engine/clock.ts';
import { sqlitePairings, PAIRING_CODE_TTL_MS } from '../api/pairing.ts';
import type { RunnerConfig } from '../contracts.ts';
import { RunnerError } from '../errors.ts';
import { RUN_LIST_MAX } from '../store/sqliteRuns.ts';
import type { SqliteRunnerStore } from '../store/sqlite.ts';
import type { RunnerStore } from '../store/types.ts';
import { addWorkflow, listItems, removeWorkflow, setActive, type WorkflowItem } from '../workflows/manage.ts';
import { parseArgs, UsageError, valueOf } from './args.ts';
import { connectCommand } from './connect.ts';
import { table, time } from './table.ts';

export interface CliContext {
  config: RunnerConfig;
  /** Workflows, connections and runs: SQLite embedded, Redis in a cluster. */
  store: RunnerStore;
  /** This machine's own database: pairings and sign-ins waiting for their callback. */
  local: SqliteRunnerStore;
  /** RUNNER_SANDBOX_URL is set: new connections default to the sandbox's data centre. */
  preferSandbox: boolean;
  out(text: string): void;
}

const STATUS_WORDS: Record<string, string> = {
  connected: 'connected',
  not_connected: 'not connected',
  reauth_required: 'reconnect needed',
  error: 'error',
  missing: 'missing',
};

function linkNameLines(item: WorkflowItem): string {
  if (item.linkNames.length === 0) return 'It uses no connections.';
  const rows = item.linkNames.map((l) => [
    l.linkName,
    l.service || '?',
    STATUS_WORDS[l.status] ?? l.status,
    l.status === 'connected' ? '' : `npm run runner -- connect ${l.linkName}`,
  ]);
  return `It needs these connections:\n${table(['LINK NAME', 'SERVICE', 'STATUS', 'TO CONNECT'], rows)}`;
}

async function add(ctx: CliContext, argv: string[]): Promise<void> {
  const args = parseArgs(argv, [], ['inactive']);
  const path = args.positional[0];
  if (!path || args.positional.length > 1) throw new UsageError('Usage: npm run runner -- add <workflow file> [--inactive]');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${path}: check the path to the exported workflow file.`);
  }
  const result = await addWorkflow(
    ctx.store,
    { file: text, active: !args.flags.has('inactive'), preferSandbox: ctx.preferSandbox },
    systemClock.now(),
  );
  const { item } = result;
  ctx.out(`Added workflow ${item.id} "${item.name}" (${item.active ? 'active' : 'inactive'}).`);
  for (const warning of result.warnings) ctx.out(`Warning: ${warning}`);
  ctx.out(linkNameLines(item));
}

async function workflows(ctx: CliContext): Promise<void> {
  const items = await listItems(ctx.store);
  if (items.length === 0) return ctx.out('No workflows yet: add one with "npm run runner -- add <file>".');
  const rows = items.map((w) => [
    w.id,
    w.name,
    w.active ? 'yes' : 'no',
    w.linkNames.map((l) => `${l.linkName} (${STATUS_WORDS[l.status] ?? l.status})`).join(', ') || '-',
    time(w.trigger.lastSuccessAt),
    w.trigger.trouble ? `${w.trigger.trouble.code}: ${w.trigger.trouble.message}` : '-',
  ]);
  ctx.out(table(['ID', 'NAME', 'ACTIVE', 'CONNECTIONS', 'LAST GOOD POLL', 'TROUBLE'], rows));
}

async function toggle(ctx: CliContext, argv: string[], active: boolean): Promise<void> {
  const id = argv[0];
  if (!id || argv.length > 1) throw new UsageError(`Usage: npm run runner -- ${active ? 'activate' : 'deactivate'} <workflow id>`);
  const item = await setActive(ctx.store, id, active, systemClock.now());
  ctx.out(`Workflow ${item.id} "${item.name}" is ${active ? 'active: a running runner polls it within a second' : 'inactive'}.`);
}

async function remove(ctx: CliContext, argv: string[]): Promise<void> {
  const id = argv[0];
  if (!id || argv.length > 1) throw new UsageError('Usage: npm run runner -- remove <workflow id>');
  await removeWorkflow(ctx.store, id);
  ctx.out(`Removed workflow ${id}, its trigger state and its queued changes. Its runs stay listed.`);
}

async function connections(ctx: CliContext): Promise<void> {
  const entries = await ctx.store.connections.list();
  if (entries.length === 0) return ctx.out('No connections yet: add a workflow, then connect the link names it lists.');
  const rows = entries.map(({ connection: c }) => [
    c.linkName,
    getDefaultService(c.serviceId)?.name ?? c.serviceId,
    c.dataCenterId,
    STATUS_WORDS[c.status] ?? c.status,
    c.lastError ? c.lastError.message : '-',
  ]);
  ctx.out(table(['LINK NAME', 'SERVICE', 'DATA CENTRE', 'STATUS', 'LAST ERROR'], rows));
}

async function runs(ctx: CliContext, argv: string[]): Promise<void> {
  const args = parseArgs(argv, ['workflow', 'limit', 'status'], []);
  const limitText = valueOf(args, 'limit');
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > RUN_LIST_MAX)
    throw new UsageError(`--limit must be a whole number from 1 to ${RUN_LIST_MAX}.`);
  const status = valueOf(args, 'status');
  if (status !== undefined && !RunStatus.safeParse(status).success) throw new UsageError(`--status must be one of ${RunStatus.options.join(', ')}.`);
  const workflowId = valueOf(args, 'workflow');
  const list = await ctx.store.runs.listRuns({ limit, ...(workflowId ? { workflowId } : {}), ...(status ? { status: status as RunStatus } : {}) });
  if (list.length === 0) return ctx.out('No runs yet.');
  const rows = list.map((r) => [
    r.id,
    r.workflowName,
    r.status,
    time(r.startedAt),
    r.durationMs === null ? '-' : `${r.durationMs} ms`,
    r.error ? `${r.error.code}: ${r.error.message}` : '-',
  ]);
  ctx.out(table(['RUN', 'WORKFLOW', 'STATUS', 'STARTED (UTC)', 'TOOK', 'ERROR'], rows));
}

async function pair(ctx: CliContext): Promise<void> {
  const code = sqlitePairings(ctx.local.db).newCode(systemClock.now());
  ctx.out(`Pairing code (valid ${PAIRING_CODE_TTL_MS / 60_000} minutes, once): ${code}`);
  ctx.out(`Enter it in the app under Settings → Runner, with the runner address http://127.0.0.1:${ctx.config.port}.`);
}

function unpair(ctx: CliContext): void {
  const ended = sqlitePairings(ctx.local.db).unpairAll();
  ctx.out(
    ended === 0
      ? 'No app was paired with this runner.'
      : `Ended ${ended} pairing${ended === 1 ? '' : 's'}: pair again from the app's Settings → Runner.`,
  );
}

export const HELP = `Usage: npm run runner -- <command>
  (no command)                       serve: poll active workflows and answer the API on 127.0.0.1:RUNNER_PORT
  add <file> [--inactive]            add a workflow exported from the app (workflow/1)
  workflows                          list workflows, their switches and connections
  activate <id> | deactivate <id>    switch a workflow on or off
  remove <id>                        remove a workflow
  connect <link-name> [--dc <id>] [--client-id <id>] [--scopes a,b]
                                     authorize a connection in your browser (loopback redirect)
  connections                        list connections and their status
  runs [--workflow <id>] [--status <s>] [--limit n]
                                     list recent runs
  pair                               print a one-time code to pair the app with this runner
  unpair                             end every pairing: no app can reach this runner until paired again`;

export async function runCommand(ctx: CliContext, command: string, argv: string[]): Promise<void> {
  switch (command) {
    case 'add':
      return add(ctx, argv);
    case 'workflows':
      return workflows(ctx);
    case 'activate':
      return toggle(ctx, argv, true);
    case 'deactivate':
      return toggle(ctx, argv, false);
    case 'remove':
      return remove(ctx, argv);
    case 'connect':
      return connectCommand(ctx, argv);
    case 'connections':
      return connections(ctx);
    case 'runs':
      return runs(ctx, argv);
    case 'pair':
      return pair(ctx);
    case 'unpair':
      return unpair(ctx);
    case 'help':
      return ctx.out(HELP);
    default:
      throw new UsageError(`Unknown command "${command}".\n${HELP}`);
  }
}

/** One sentence for anything a command refuses; anything else is a bug and keeps its stack. */
export function userMessage(error: unknown): string | null {
  if (error instanceof UsageError || error instanceof RunnerError || error instanceof AppError) return error.message;
  return null;
}
