/**
 * What the Settings card, the editor, the workflows list and the Runs page may use of the headless
 * runner: pairing, what the runner reports, sending a workflow and reading its runs. Loaded only with
 * those pages, never with the first screen.
 */
import { DEFAULT_RUNNER_URL, forgetRunner, pairRunner, runnerStatus, runnerUrlProblem, type RunnerStatus } from '../../auth/runner.ts';
import { AppError, toErrorInfo, type ErrorInfo, type LogEntry, type Run, type RunStatus } from '../../domain/index.ts';
import { getWorkflow } from '../../storage/index.ts';
import { getRunnerRun, listRunnerRuns, type RunnerWorkflow } from '../pairedRunner/api.ts';
import { runnerFeed, type RunnerFeedState } from '../pairedRunner/feed.ts';
import { connectCommand, sendWorkflow, stopOnRunner, type NeededConnection, type SendOutcome } from '../pairedRunner/handoff.ts';
import { navigate } from '../router.svelte.ts';
import { workflowFileOf } from './workflows.ts';

export { DEFAULT_RUNNER_URL, connectCommand, runnerUrlProblem, stopOnRunner };
export type { NeededConnection, RunnerStatus, RunnerWorkflow, SendOutcome };

/** The runner status the Settings card shows; one shared value, refreshed after each change. */
class RunnerView {
  status = $state.raw<RunnerStatus | null>(null);
  /** The outcome of the last Pair/Forget, kept here so it outlives the page that asked. */
  outcome = $state.raw<{ ok: boolean; text: string } | null>(null);
  private loading: Promise<RunnerStatus> | null = null;

  load(): Promise<RunnerStatus> {
    this.loading ??= this.refresh();
    return this.loading;
  }

  async refresh(): Promise<RunnerStatus> {
    this.status = await runnerStatus();
    return this.status;
  }

  set(status: RunnerStatus): RunnerStatus {
    this.status = status;
    void runnerFeed.refresh();
    return status;
  }
}

export const runner = new RunnerView();

export async function pair(url: string, code: string): Promise<RunnerStatus> {
  return runner.set(await pairRunner(url.trim(), code.trim()));
}

/** Forgets the pairing; false when the runner could not be told, so its side stays until `npm run runner -- unpair`. */
export async function forget(): Promise<boolean> {
  const { status, revoked } = await forgetRunner();
  runner.set(status);
  return revoked;
}

/** What the runner reports about its workflows, as runes; pages call `follow()` from an effect. */
class RunnerWorkflowsView {
  current = $state.raw<RunnerFeedState>(runnerFeed.current);

  follow(): () => void {
    return runnerFeed.subscribe((state) => (this.current = state));
  }

  /** The runner's copy of one of the app's workflows, if it has one. */
  of(workflowId: string): RunnerWorkflow | null {
    return this.current.workflows.find((w) => w.sourceId === workflowId) ?? null;
  }

  refresh(): Promise<RunnerFeedState> {
    return runnerFeed.refresh();
  }
}

export const runnerWorkflows = new RunnerWorkflowsView();

/** The editor's last Send to runner: its progress and outcome, shown under the toolbar. */
class RunnerSend {
  workflowId = $state<string | null>(null);
  busy = $state(false);
  outcome = $state.raw<SendOutcome | null>(null);
  error = $state.raw<ErrorInfo | null>(null);

  async send(workflowId: string): Promise<void> {
    this.workflowId = workflowId;
    this.busy = true;
    this.outcome = null;
    this.error = null;
    try {
      const workflow = await getWorkflow(workflowId);
      if (!workflow) throw new AppError('NOT_FOUND', 'This workflow no longer exists.');
      this.outcome = await sendWorkflow(workflow, await workflowFileOf(workflow));
    } catch (error) {
      this.error = toErrorInfo(error);
    } finally {
      this.busy = false;
    }
  }

  /** The outcome belongs to one workflow's editor; another editor starts with none. */
  for(workflowId: string): { busy: boolean; outcome: SendOutcome | null; error: ErrorInfo | null } | null {
    return this.workflowId === workflowId ? { busy: this.busy, outcome: this.outcome, error: this.error } : null;
  }

  dismiss(): void {
    this.workflowId = null;
    this.outcome = null;
    this.error = null;
  }
}

export const runnerSend = new RunnerSend();

export interface RunnerRunsFilter {
  workflowId?: string;
  status?: RunStatus;
  mode?: Run['mode'];
}

/** The runner's runs, newest first; a workflow is picked by the app's id and matched by the runner's sourceId. */
export async function runnerRunRows({ workflowId, status, mode }: RunnerRunsFilter = {}): Promise<Run[]> {
  let runnerId: string | undefined;
  if (workflowId) {
    const workflows = runnerWorkflows.current.workflows.length > 0 ? runnerWorkflows.current.workflows : (await runnerFeed.refresh()).workflows;
    runnerId = workflows.find((w) => w.sourceId === workflowId)?.id;
    if (!runnerId) return [];
  }
  const runs = await listRunnerRuns({ ...(runnerId ? { workflowId: runnerId } : {}), ...(status ? { status } : {}), limit: 200 });
  return mode ? runs.filter((run) => run.mode === mode) : runs;
}

export function runnerRun(runId: string): Promise<{ run: Run; log: LogEntry[] }> {
  return getRunnerRun(runId);
}

/** The app's own workflow a runner workflow came from, if this browser sent it. */
export function sourceOf(runnerWorkflowId: string): string | null {
  return runnerWorkflows.current.workflows.find((w) => w.id === runnerWorkflowId)?.sourceId ?? null;
}

export function openRunnerRun(runId: string): void {
  navigate(`#/runs/runner/${encodeURIComponent(runId)}`);
}

export function openRunnerRuns(): void {
  navigate('#/runs/runner');
}
