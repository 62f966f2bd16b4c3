/**
 * Runs backfill jobs in the leading tab: "Also run on the existing N records" of a workflow whose
 * function is the Books sync goes through the bulk sync (a Books email index, only the writes that
 * change something), sharing the page's rate limiter with live and test runs.
 */
import { AppError, toErrorInfo, type BackfillJob, type Workflow } from '../../domain/index.ts';
import { systemClock } from '../../engine/clock.ts';
import { compileWorkflow, type Plan } from '../../engine/compile.ts';
import { retryBulkFailures, runBulkSync, type BulkProgress, type BulkSyncTarget, type ContactMemory } from '../../engine/functions/bulkSync.ts';
import { createConnectionClient } from '../../engine/http/client.ts';
import { getRememberedContact, getWorkflow, rememberContact, updateBackfill } from '../../storage/index.ts';
import { connectedHttp } from '../connectedHttp.ts';
import { listConnectionChoices, validationContext } from '../facades/workflows.ts';
import { runService } from '../runs/instance.ts';

/** The Books sync's connections and organization when it is the workflow's only function. */
export function bulkTarget(workflow: Pick<Workflow, 'nodes'>): BulkSyncTarget | null {
  const functions = workflow.nodes.filter((n) => n.type === 'function');
  const only = functions[0];
  if (functions.length !== 1 || only?.type !== 'function') return null;
  const config = only.config;
  if (config.kind !== 'builtin' || config.builtin?.id !== 'sync_contact_to_books') return null;
  const biginLink = config.connections.bigin ?? '';
  const booksLink = config.connections.books ?? '';
  const organizationId = (config.builtin.params.organizationId ?? '').trim();
  return biginLink && booksLink && organizationId ? { biginLink, booksLink, organizationId } : null;
}

/** Whether the plan's conditions let a record reach the function, following true/false branches. */
export function reachesFunction(plan: Plan, record: Record<string, unknown>): boolean {
  const steps = new Map(plan.steps.map((step) => [step.id, step]));
  const memo = new Map<string, boolean>();
  const reaches = (id: string): boolean => {
    if (id === plan.trigger.id) return true;
    const known = memo.get(id);
    if (known !== undefined) return known;
    const step = steps.get(id);
    const result =
      step?.incoming.some(({ source, branch }) => {
        if (!reaches(source)) return false;
        const from = steps.get(source);
        if (!from || !('test' in from)) return true;
        return from.test(record) === (branch !== 'false');
      }) ?? false;
    memo.set(id, result);
    return result;
  };
  const fn = plan.steps.find((step) => !('test' in step));
  return fn ? reaches(fn.id) : false;
}

function memoryFor(organizationId: string): ContactMemory {
  const key = (contactId: string) => `${organizationId}|${contactId}`;
  return {
    async get(contactId) {
      const row = await getRememberedContact(key(contactId));
      return row ? { lastModifiedTime: row.lastModifiedTime, persons: row.persons } : undefined;
    },
    async put(contactId, remembered) {
      await rememberContact({ key: key(contactId), ...remembered });
    },
  };
}

function progressOf(job: BackfillJob): BulkProgress {
  return { counts: { ...job.counts }, failures: [...job.failures], cursor: { ...job.cursor }, writes: job.writes, done: false };
}

/** Runs one job until it ends or `signal` aborts (pause, cancel, switched off); never throws. */
export async function runBackfill(job: BackfillJob, signal: AbortSignal): Promise<void> {
  const { workflowId } = job;
  try {
    const workflow = await getWorkflow(workflowId);
    if (!workflow) throw new AppError('NOT_FOUND', 'The workflow was deleted.');
    const target = bulkTarget(workflow);
    if (!target)
      throw new AppError('WORKFLOW_INVALID', 'Only a workflow whose one function is "Sync contact to Zoho Books" can sync existing records in bulk.');
    const plan = compileWorkflow(workflow, validationContext(await listConnectionChoices()));
    const client = createConnectionClient({
      port: connectedHttp,
      clock: systemClock,
      log: { emit() {} },
      limiter: runService.limiter,
      slots: runService.slots,
      dryRun: false,
    });
    const deps = {
      client,
      signal,
      memory: memoryFor(target.organizationId),
      eligible: (record: Record<string, unknown>) => reachesFunction(plan, record),
      // A pause or cancel from any tab changes the status; progress is then left as it was saved.
      save: async (progress: BulkProgress) => {
        await updateBackfill(
          workflowId,
          { counts: progress.counts, failures: progress.failures, cursor: progress.cursor, writes: progress.writes },
          'running',
        );
      },
    };
    const books = await connectedHttp.describe(target.booksLink);
    if (books?.rateLimit)
      await updateBackfill(workflowId, { writesPerMinute: (books.rateLimit.requests * 60_000) / books.rateLimit.perMs }, 'running');
    const progress = progressOf(job);
    if (job.retrying) await retryBulkFailures(target, progress, deps);
    else await runBulkSync(target, progress, deps);
    await updateBackfill(workflowId, { status: 'done', retrying: false, finishedAt: Date.now() }, 'running');
  } catch (error) {
    if (signal.aborted) return;
    await updateBackfill(workflowId, { status: 'failed', error: toErrorInfo(error, 'FUNCTION_FAILED'), finishedAt: Date.now() }, 'running');
  }
}
