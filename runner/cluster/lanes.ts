/**
 * Which BullMQ queue a workflow's changes go to, and the rate its worker may start them at. One
 * queue per provider organization (or connection), so BullMQ's limiter, which counts the jobs a
 * queue starts across every worker in the cluster, holds the provider's limit for all of them.
 */
import type { RateLimit, Workflow } from '../../src/domain/index.ts';
import type { HttpPort } from '../../src/engine/ports.ts';

/** Calls to the limited service one run makes, by built-in function (measured on the seed: a search and a create or update). */
const CALLS_PER_RUN: Record<string, number> = { sync_contact_to_books: 2 };
const DEFAULT_CALLS_PER_RUN = 2;
/**
 * Share of the provider's limit the queue plans to use. The limiter counts jobs started, not calls
 * made; the rest of the window absorbs the extra bursts a sliding window can hold.
 */
export const PLANNED_SHARE = 0.97;

export interface Lane {
  queueName: string;
  /** BullMQ `limiter`: at most `max` jobs started per `duration` ms across the cluster; null when unlimited. */
  limiter: { max: number; duration: number } | null;
  rateLimit: RateLimit | null;
  callsPerRun: number;
}

const safe = (text: string): string => text.replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * Runs in bursts of `max`, the bursts evenly spaced. The provider counts calls in a sliding window,
 * which can hold one burst more than the window's planned share, and one more again when runs of a
 * burst start late (a busy process) and land beside the next; the reserve (the share not planned)
 * holds those two bursts, so the limit holds. Not one window's worth at once: such a burst at the
 * edge of the provider's window and the next one right after it would double the calls in it.
 */
export function limiterFor(rateLimit: RateLimit, callsPerRun: number): { max: number; duration: number } {
  const runsPerWindow = Math.max(1, Math.floor((rateLimit.requests * PLANNED_SHARE) / callsPerRun));
  const reserve = Math.floor(rateLimit.requests / callsPerRun) - runsPerWindow;
  const burst = Math.max(1, Math.floor(reserve / 2));
  return { max: burst, duration: Math.ceil((rateLimit.perMs * burst) / runsPerWindow) };
}

export async function laneOf(workflow: Workflow, http: HttpPort): Promise<Lane> {
  for (const node of workflow.nodes) {
    if (node.type !== 'function') continue;
    for (const linkName of Object.values(node.config.connections)) {
      if (!linkName) continue;
      const info = await http.describe(linkName);
      if (!info?.rateLimit) continue;
      const params = node.config.builtin?.params ?? {};
      const scope = info.rateLimit.key === 'organization' && params.organizationId ? params.organizationId : linkName;
      const callsPerRun = (node.config.builtin && CALLS_PER_RUN[node.config.builtin.id]) || DEFAULT_CALLS_PER_RUN;
      return {
        queueName: `changes-${safe(info.serviceLinkName)}-${safe(scope)}`,
        limiter: limiterFor(info.rateLimit, callsPerRun),
        rateLimit: info.rateLimit,
        callsPerRun,
      };
    }
  }
  return { queueName: `changes-${safe(workflow.id)}`, limiter: null, rateLimit: null, callsPerRun: 0 };
}
