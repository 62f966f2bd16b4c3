import type { NodeResult } from '../../domain/index.ts';

/** The latest run shown in each editor: its id and per-node results for the canvas badges. */
class LatestRuns {
  byWorkflow = $state<Record<string, { runId: string; status: string; nodeResults: Record<string, NodeResult> }>>({});

  latest(workflowId: string) {
    return this.byWorkflow[workflowId] ?? null;
  }
}

export const latestRuns = new LatestRuns();
