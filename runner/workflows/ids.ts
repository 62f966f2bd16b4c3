import { randomBytes } from 'node:crypto';
import { WorkflowId } from '../../src/domain/index.ts';
import { RunnerError } from '../errors.ts';

/**
 * A workflow sent from the app keeps the app's id on the runner, so sending it again replaces it in
 * place and the app can tell which of its workflows run here. One added from a file gets an id the
 * app never makes (its ids are `wf_` and hex), so the id alone says where a workflow came from —
 * in SQLite and in a cluster's Redis alike.
 */
const FILE_PREFIX = 'wf_file-';

export function fileWorkflowId(): string {
  return `${FILE_PREFIX}${randomBytes(8).toString('hex')}`;
}

export function sentWorkflowId(sourceId: unknown): string {
  const parsed = WorkflowId.safeParse(sourceId);
  if (!parsed.success || parsed.data.startsWith(FILE_PREFIX)) {
    throw new RunnerError('RUNNER_BAD_REQUEST', 'sourceId must be the app\'s workflow id (it starts with "wf_").');
  }
  return parsed.data;
}

export function sourceIdOf(workflowId: string): string | null {
  return workflowId.startsWith(FILE_PREFIX) ? null : workflowId;
}
