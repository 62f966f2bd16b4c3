/** Live workflows in words: the status line and what each trouble means for the person. */
import type { BackfillJob, TriggerState, TriggerTrouble } from '../../app/facades/live.ts';
import type { TriggerModule } from '../../domain/index.ts';

const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const shortTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

const MODULE_WORDS: Record<TriggerModule, string> = {
  Contacts: 'Contacts',
  Accounts: 'Companies',
  Pipelines: 'Pipelines',
  Tasks: 'Tasks',
  Products: 'Products',
};

function seconds(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** `Watching Bigin Contacts · last checked 12:01:05 · next in 48 s · 2 waiting` */
export function statusLine(state: TriggerState | null, queued: number, module: TriggerModule, now: number): string {
  if (!state?.active) return 'Not active: switch Active on to run this workflow on every Bigin create or edit.';
  const parts = [`Watching Bigin ${MODULE_WORDS[module]}`];
  parts.push(state.lastSuccessAt ? `last checked ${clockTime.format(state.lastSuccessAt)}` : 'first check under way');
  if (state.nextPollAt) parts.push(state.nextPollAt <= now ? 'checking now' : `next in ${seconds(state.nextPollAt - now)}`);
  if (queued > 0) parts.push(`${queued} waiting`);
  return parts.join(' · ');
}

/** What went wrong and what to do, for a trigger in trouble. */
export function troubleText(trouble: TriggerTrouble, nextPollAt: number | null): string {
  const retry = nextPollAt ? ` Trying again at ${clockTime.format(nextPollAt)}.` : '';
  switch (trouble.code) {
    case 'HTTP_NETWORK':
      return `Bigin could not be reached (the sandbox or the network is down): ${trouble.message}. Changes made meanwhile are picked up once it answers.${retry}`;
    case 'HTTP_OFFLINE':
      return `You are offline: Bigin cannot be checked. Changes made meanwhile are picked up once the network is back.${retry}`;
    case 'CONN_REAUTH_REQUIRED':
      return `Reconnect required for connection "${trouble.linkName ?? ''}": open Connections and click Reconnect. Changes wait in the queue until then.`;
    case 'CONN_NOT_CONNECTED':
    case 'CONN_NOT_FOUND':
    case 'CONN_WRONG_SERVICE':
      return `${trouble.message} Changes wait until the connection works.`;
    case 'HTTP_RATE_LIMITED':
      return `Rate limited by Bigin until ${shortTime.format(trouble.until ?? nextPollAt ?? Date.now())}; checks resume then.`;
    case 'WORKFLOW_INVALID':
      return `${trouble.message} Checks resume once it is fixed.`;
    default:
      return `The last check failed: ${trouble.message}.${retry}`;
  }
}

/** `120 of 300 checked · 100 created · 5 updated · 15 unchanged · 0 failed` */
export function backfillSummary(job: BackfillJob): string {
  const c = job.counts;
  const parts = [`${c.checked} of ${job.total ?? '?'} checked`, `${c.created} created`, `${c.updated} updated`, `${c.unchanged} unchanged`];
  if (c.skipped) parts.push(`${c.skipped} skipped by the conditions`);
  parts.push(`${c.failed} failed`);
  return parts.join(' · ');
}

/**
 * Time left: the slower of what the rate limit allows for the writes still expected (at the share of
 * contacts that needed one so far) and the pace seen so far.
 */
export function backfillEta(job: BackfillJob, now: number): string {
  const left = (job.total ?? 0) - job.counts.checked;
  if (left <= 0 || job.counts.checked === 0) return 'estimating time left…';
  const elapsed = Math.max(1, now - job.startedAt);
  const byPace = (left * elapsed) / job.counts.checked;
  const writesLeft = (left * job.writes) / job.counts.checked;
  const byLimit = job.writesPerMinute ? (writesLeft / job.writesPerMinute) * 60_000 : 0;
  const ms = Math.max(byPace, byLimit);
  return ms < 60_000 ? `about ${Math.ceil(ms / 1000)} s left` : `about ${Math.ceil(ms / 60_000)} min left`;
}
