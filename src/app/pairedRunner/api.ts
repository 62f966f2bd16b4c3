/**
 * The runner's routes as the app uses them, each answer parsed at the boundary (DESIGN.md
 * convention 2). The pairing token is attached in auth/; nothing here sees it.
 */
import { z } from 'zod';
import { AppError, type Checkpoint, LogEntry, Run, type RunStatus, type WorkflowFile } from '../../domain/index.ts';
import { runnerRequest } from '../../auth/runner.ts';

export const RunnerLinkStatus = z.enum(['connected', 'not_connected', 'reauth_required', 'error', 'missing']);
export type RunnerLinkStatus = z.infer<typeof RunnerLinkStatus>;

export const RunnerWorkflow = z.object({
  id: z.string().min(1),
  sourceId: z.string().nullable(),
  name: z.string(),
  revision: z.number(),
  active: z.boolean(),
  linkNames: z.array(z.object({ linkName: z.string(), service: z.string(), status: RunnerLinkStatus })),
  trigger: z.object({
    lastPollAt: z.number().nullable(),
    lastSuccessAt: z.number().nullable(),
    nextPollAt: z.number().nullable(),
    trouble: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
});
export type RunnerWorkflow = z.infer<typeof RunnerWorkflow>;

const WorkflowList = z.object({ workflows: z.array(RunnerWorkflow) });
const WorkflowAnswer = z.object({ workflow: RunnerWorkflow, warnings: z.array(z.string()).default([]) });
const RunList = z.object({ runs: z.array(Run) });
const RunAnswer = z.object({ run: Run, log: z.array(LogEntry) });

function parsed<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new AppError('RUNNER_REFUSED', `The runner's answer to ${what} was not understood. Update the runner and the app to the same version.`);
  return result.data;
}

export async function listRunnerWorkflows(): Promise<RunnerWorkflow[]> {
  return parsed(WorkflowList, await runnerRequest('/workflows'), 'the workflow list').workflows;
}

export interface SendBody {
  file: WorkflowFile;
  sourceId: string;
  checkpoint?: Checkpoint | null;
  active?: true;
}

export async function putRunnerWorkflow(body: SendBody): Promise<{ workflow: RunnerWorkflow; warnings: string[] }> {
  return parsed(WorkflowAnswer, await runnerRequest('/workflows', { method: 'POST', body }), 'the workflow it was sent');
}

export async function setRunnerWorkflowActive(id: string, active: boolean): Promise<RunnerWorkflow> {
  const body = await runnerRequest(`/workflows/${encodeURIComponent(id)}/active`, { method: 'POST', body: { active } });
  // The item comes back as it is, or wrapped like the answer to a send.
  const item = RunnerWorkflow.safeParse(body);
  return item.success ? item.data : parsed(WorkflowAnswer, body, 'switching the workflow').workflow;
}

export interface RunnerRunsQuery {
  workflowId?: string;
  status?: RunStatus;
  limit?: number;
  before?: number;
}

export async function listRunnerRuns(query: RunnerRunsQuery = {}): Promise<Run[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.size > 0 ? `?${params}` : '';
  return parsed(RunList, await runnerRequest(`/runs${search}`), 'the run list').runs;
}

export async function getRunnerRun(runId: string): Promise<{ run: Run; log: LogEntry[] }> {
  return parsed(RunAnswer, await runnerRequest(`/runs/${encodeURIComponent(runId)}`), 'the run');
}
