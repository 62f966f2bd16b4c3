/**
 * What the Test run dialog, the Execution log, the editor's badges and the Runs page may use
 * (DESIGN.md "Main flows" 2). The engine runs with the app's connected HTTP port, the real clock and
 * a storage-backed log. The UI imports this file, never storage, auth or the engine's runner.
 */
import { AppError, type Run, type RunStatus, type Workflow, type WorkflowNode } from '../../domain/index.ts';
import { getRun, getWorkflow, listRuns, listWorkflows, logEntriesFor } from '../../storage/index.ts';
import { connectedHttp } from '../connectedHttp.ts';
import { navigate } from '../router.svelte.ts';
import { connectionForRole } from '../runs/connectionsUsed.ts';
import { dryRunByDefault } from '../runs/dryRunDefault.ts';
import { runExportFileName, serializeRunExport } from '../runs/exportRun.ts';
import { listSampleContacts, type SampleRecord } from '../runs/samples.ts';
import { runService as service } from '../runs/instance.ts';
import type { RunHandle, TestRunOptions } from '../runs/service.ts';

export { live, type LiveValue } from '../../storage/index.ts';
export { formatDuration } from '../runs/logEntries.ts';
export type { RunProgress, RunHandle, TestRunOptions } from '../runs/service.ts';
export type { SampleRecord } from '../runs/samples.ts';
export { nodeLabel, type Problem } from '../../engine/validate.ts';
export { WorkflowInvalidError } from '../../engine/compile.ts';

/** Compiles (throws WorkflowInvalidError listing the problems) and starts the run; it goes on in the background. */
export function startTestRun(workflow: Workflow, options: TestRunOptions): Promise<RunHandle> {
  return service.start(workflow, options);
}

export function cancelRun(runId: string): boolean {
  return service.cancel(runId);
}

export function isRunActive(runId: string): boolean {
  return service.isActive(runId);
}

export const onRunProgress = service.subscribe;
export const runProgress = service.progressOf;

export function dryRunDefault(workflow: Workflow): Promise<boolean> {
  return dryRunByDefault(connectedHttp, workflow);
}

/** Contacts listed through the Bigin connection picked in the workflow's function. */
export async function sampleRecords(workflow: Workflow, signal: AbortSignal): Promise<SampleRecord[]> {
  const linkName = connectionForRole(workflow, 'bigin');
  if (!linkName) throw new AppError('CONN_NOT_FOUND', 'Pick a Bigin connection in the function step first; sample records are listed through it.');
  return listSampleContacts(connectedHttp, linkName, signal);
}

export interface RunsFilter {
  workflowId?: string;
  status?: RunStatus;
  mode?: Run['mode'];
}

export async function listRunRows({ mode, ...filter }: RunsFilter = {}): Promise<Run[]> {
  const runs = await listRuns({ ...filter, limit: 500 });
  return mode ? runs.filter((run) => run.mode === mode) : runs;
}

export async function latestRunOf(workflowId: string): Promise<Run | null> {
  return (await listRuns({ workflowId, limit: 1 }))[0] ?? null;
}

export { getRun, logEntriesFor };

export async function workflowChoices(): Promise<{ id: string; name: string }[]> {
  return (await listWorkflows()).map((w) => ({ id: w.id, name: w.name }));
}

/** The steps of a run's workflow as it is now, for the log's step names; empty once it is deleted. */
export async function workflowNodes(workflowId: string): Promise<WorkflowNode[]> {
  return (await getWorkflow(workflowId))?.nodes ?? [];
}

/** Runs the stored run's workflow again with the same record, event and dry-run choice. */
export async function rerun(runId: string): Promise<RunHandle> {
  const run = await getRun(runId);
  if (!run) throw new AppError('NOT_FOUND', `Run ${runId} no longer exists; it may have been pruned by the retention setting.`);
  const workflow = await getWorkflow(run.workflowId);
  if (!workflow) throw new AppError('NOT_FOUND', `The workflow "${run.workflowName}" of this run was deleted, so it cannot run again.`);
  return service.start(workflow, { record: run.record, event: run.event, dryRun: run.dryRun });
}

export async function exportRun(runId: string): Promise<{ fileName: string; text: string }> {
  const run = await getRun(runId);
  if (!run) throw new AppError('NOT_FOUND', `Run ${runId} no longer exists.`);
  return { fileName: runExportFileName(run), text: serializeRunExport(run, await logEntriesFor(runId), Date.now()) };
}

export function openRun(runId: string): void {
  navigate(`#/runs/${encodeURIComponent(runId)}`);
}

export function openRunsList(): void {
  navigate('#/runs');
}
