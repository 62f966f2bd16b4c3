/**
 * Moving a workflow between the browser and the runner so one change makes one run: the browser's
 * trigger goes off and its checkpoint goes along in the same step, and comes back if the runner
 * did not take the workflow.
 */
import { AppError, isAppError, type Workflow, type WorkflowFile } from '../../domain/index.ts';
import { deactivateTrigger, handOffTrigger, restoreTrigger } from '../../storage/index.ts';
import { putRunnerWorkflow, setRunnerWorkflowActive, type RunnerLinkStatus, type RunnerWorkflow } from './api.ts';
import { runnerFeed } from './feed.ts';

export interface NeededConnection {
  linkName: string;
  service: string;
  status: Exclude<RunnerLinkStatus, 'connected'>;
  /** Run in the project folder: the runner opens its own consent page; no token leaves the browser. */
  command: string;
}

export interface SendOutcome {
  workflow: RunnerWorkflow;
  warnings: string[];
  needs: NeededConnection[];
  /** The browser was watching it: its trigger is off now and its checkpoint went to the runner. */
  handedOver: boolean;
}

export function connectCommand(linkName: string): string {
  return `npm run runner -- connect ${linkName}`;
}

export function neededConnections(workflow: RunnerWorkflow): NeededConnection[] {
  return workflow.linkNames.flatMap((link) =>
    link.status === 'connected'
      ? []
      : [{ linkName: link.linkName, service: link.service, status: link.status, command: connectCommand(link.linkName) }],
  );
}

/**
 * After a send whose answer never came: the runner may have taken the workflow before the answer
 * was lost. If it lists it active, switching the browser back on would make both poll it.
 */
async function takenByRunner(sourceId: string): Promise<RunnerWorkflow | undefined> {
  const state = await runnerFeed.refresh();
  return state.error ? undefined : state.workflows.find((w) => w.sourceId === sourceId && w.active);
}

export async function sendWorkflow(workflow: Workflow, file: WorkflowFile): Promise<SendOutcome> {
  const handOff = await handOffTrigger(workflow.id);
  if (!handOff.ok)
    throw new AppError(
      'VALIDATION',
      `${handOff.queued === 1 ? 'A change is' : `${handOff.queued} changes are`} still waiting to run in this browser. Wait until the status line shows none waiting, then send again.`,
    );
  const wasActive = handOff.previous?.active === true;
  const checkpoint = wasActive ? (handOff.previous?.checkpoint ?? null) : null;
  let answer: Awaited<ReturnType<typeof putRunnerWorkflow>>;
  try {
    answer = await putRunnerWorkflow({ file, sourceId: workflow.id, ...(checkpoint ? { checkpoint } : {}), active: true });
  } catch (error) {
    const taken = isAppError(error) && error.code === 'RUNNER_UNREACHABLE' ? await takenByRunner(workflow.id) : undefined;
    if (!taken) {
      if (wasActive && handOff.previous) await restoreTrigger(handOff.previous);
      throw error;
    }
    answer = { workflow: taken, warnings: [] };
  }
  runnerFeed.put(answer.workflow);
  // The snapshots of watched fields belong to the browser's watcher, which is off now.
  if (handOff.previous) await deactivateTrigger(workflow.id);
  return { workflow: answer.workflow, warnings: answer.warnings, needs: neededConnections(answer.workflow), handedOver: wasActive };
}

/** Switches the workflow off on the runner; the browser's own switch is offered again after. */
export async function stopOnRunner(sourceId: string): Promise<RunnerWorkflow> {
  const known =
    runnerFeed.current.workflows.find((w) => w.sourceId === sourceId) ?? (await runnerFeed.refresh()).workflows.find((w) => w.sourceId === sourceId);
  if (!known) throw new AppError('NOT_FOUND', 'The runner no longer has this workflow: it is not running there.');
  const stopped = await setRunnerWorkflowActive(known.id, false);
  runnerFeed.put(stopped);
  return stopped;
}
