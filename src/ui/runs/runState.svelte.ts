import type { NodeResult, Run } from '../../domain/index.ts';
import { latestRunOf, onRunProgress, type RunProgress } from '../../app/facades/runs.ts';

export interface LatestRun {
  runId: string;
  status: string;
  nodeResults: Record<string, NodeResult>;
  /** Only while the run goes in this tab. */
  progress?: { currentNodeId: string | null; stepsDone: number; stepsTotal: number };
}

/**
 * The latest run of each workflow: its id, status and per-node results for the canvas badges.
 * Runs started in this tab update it live; a workflow opened later shows its last stored run.
 */
class LatestRuns {
  byWorkflow = $state<Record<string, LatestRun>>({});
  /** Plain set: asking for a workflow's stored run must not itself be reactive. */
  #requested = new Set<string>();

  constructor() {
    onRunProgress((progress: RunProgress) => this.#apply(progress));
  }

  #apply(progress: RunProgress): void {
    this.#requested.add(progress.workflowId);
    const going = progress.status === 'running';
    this.byWorkflow[progress.workflowId] = {
      runId: progress.runId,
      status: progress.status,
      nodeResults: progress.nodeResults,
      ...(going ? { progress: { currentNodeId: progress.currentNodeId, stepsDone: progress.stepsDone, stepsTotal: progress.stepsTotal } } : {}),
    };
  }

  latest(workflowId: string): LatestRun | null {
    if (!this.#requested.has(workflowId)) {
      this.#requested.add(workflowId);
      void latestRunOf(workflowId).then(
        (run) => {
          if (run && !this.byWorkflow[workflowId]) this.byWorkflow[workflowId] = { runId: run.id, status: run.status, nodeResults: run.nodeResults };
        },
        () => this.#requested.delete(workflowId),
      );
    }
    return this.byWorkflow[workflowId] ?? null;
  }
}

export const latestRuns = new LatestRuns();

/**
 * The run the editor shows: one going in this tab (with its progress), else the newest stored run,
 * which may have been started by the live trigger in another tab.
 */
export function shownRun(local: LatestRun | null, stored: Run | null): LatestRun | null {
  if (local?.progress || !stored) return local;
  return { runId: stored.id, status: stored.status, nodeResults: stored.nodeResults };
}
