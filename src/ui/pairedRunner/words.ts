/** The runner in words: where a workflow runs, what the runner still needs, and why it cannot be reached. */
import type { RunnerStatus, RunnerWorkflow } from '../../app/facades/runner.svelte.ts';

const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function runnerReachability(status: RunnerStatus): string {
  if (!status.reachable) return 'No: start it with npm run runner';
  return status.runnerKnowsUs ? 'Yes' : 'Yes, but it no longer knows this browser: pair again';
}

const LINK_WORDS: Record<RunnerWorkflow['linkNames'][number]['status'], string> = {
  connected: 'connected',
  not_connected: 'not connected on the runner yet',
  reauth_required: 'needs a new sign-in on the runner',
  error: 'failed on the runner',
  missing: 'unknown to the runner',
};

export function linkStatusWords(status: RunnerWorkflow['linkNames'][number]['status']): string {
  return LINK_WORDS[status];
}

/** `Runs on the runner · last checked 12:01:05` or the trouble it reports. */
export function runnerTriggerLine(workflow: RunnerWorkflow): string {
  const { trigger } = workflow;
  if (trigger.trouble) return `The runner's last check failed: ${trigger.trouble.message}`;
  return trigger.lastSuccessAt
    ? `Runs on the runner · last checked ${clockTime.format(trigger.lastSuccessAt)}`
    : 'Runs on the runner · first check under way';
}
