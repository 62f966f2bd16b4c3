/**
 * Turns the engine's structured run events into log rows: one readable message per event, a level
 * and a kind for filtering, and the (already redacted) details as `data`.
 */
import type { LogEntry, LogLevel } from '../../domain/index.ts';
import type { RunEvent } from '../../engine/ports.ts';

export type LogEntryDraft = Omit<LogEntry, 'runId' | 'seq'>;

const EVENT_WORDS = { create: 'Create', edit: 'Edit' } as const;

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "0 results" for a list answer (`contacts`, `data`, …): the one array of a JSON object body. */
function resultCount(body: unknown): number | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const arrays = Object.values(body).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0]!.length : null;
}

function httpEntry(event: Extract<RunEvent, { type: 'http' }>): { level: LogLevel; message: string } {
  const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
  const target = `${event.method} ${event.url}`;
  if (event.dryRun) return { level: 'info', message: `Dry run: would send ${target}` };
  if (event.error) return { level: 'error', message: `${target}${attempt} → ${event.error.message} after ${formatDuration(event.durationMs)}` };
  const status = event.status ?? 0;
  const count = event.method === 'GET' && status === 200 ? resultCount(event.response?.body) : null;
  const counted = count === null ? '' : ` · ${count} result${count === 1 ? '' : 's'}`;
  const level: LogLevel = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  return { level, message: `${target}${attempt} → ${status}${counted} in ${formatDuration(event.durationMs)}` };
}

/** `labels` names nodes for messages; unknown ids fall back to the id. */
export function toLogEntry(event: RunEvent, labels: ReadonlyMap<string, string>): LogEntryDraft {
  const label = (id: string) => `"${labels.get(id) ?? id}"`;
  switch (event.type) {
    case 'run_started':
      return {
        time: event.time,
        level: 'info',
        kind: 'step',
        message: `Run started: ${event.module} · ${EVENT_WORDS[event.event]}${event.dryRun ? ' · dry run (writes are held back)' : ''}`,
        data: { module: event.module, event: event.event, dryRun: event.dryRun, record: event.record },
      };
    case 'node_started':
      return {
        time: event.time,
        level: 'debug',
        kind: 'step',
        nodeId: event.nodeId,
        message: `${label(event.nodeId)} started`,
        data: { nodeType: event.nodeType },
      };
    case 'node_finished': {
      const { type: _type, time, nodeId, ...data } = event;
      if (event.outcome === 'skipped')
        return { time, level: 'info', kind: 'step', nodeId, message: `${label(nodeId)} skipped: ${event.reason ?? 'not reached'}`, data };
      if (event.outcome === 'failed')
        return {
          time,
          level: 'error',
          kind: 'step',
          nodeId,
          message: `${label(nodeId)} failed after ${formatDuration(event.durationMs)}: ${event.reason ?? 'unknown error'}`,
          data,
        };
      const detail = event.conditionResult === undefined ? '' : ` (${event.reason ?? `result: ${String(event.conditionResult)}`})`;
      return { time, level: 'info', kind: 'step', nodeId, message: `${label(nodeId)} ran in ${formatDuration(event.durationMs)}${detail}`, data };
    }
    case 'info':
      return {
        time: event.time,
        level: event.level,
        kind: 'info',
        ...(event.nodeId ? { nodeId: event.nodeId } : {}),
        message: event.line === undefined ? event.message : `Line ${event.line}: ${event.message}`,
      };
    case 'http': {
      const { type: _type, time, nodeId, ...data } = event;
      return { time, kind: 'http', ...(nodeId ? { nodeId } : {}), ...httpEntry(event), data };
    }
    case 'error':
      return {
        time: event.time,
        level: 'error',
        kind: 'error',
        ...(event.nodeId ? { nodeId: event.nodeId } : {}),
        message: event.message,
        data: { code: event.code },
      };
    case 'run_finished': {
      const took = formatDuration(event.durationMs);
      const data = { status: event.status, durationMs: event.durationMs, ...(event.error ? { error: event.error } : {}) };
      switch (event.status) {
        case 'succeeded':
          return { time: event.time, level: 'info', kind: 'step', message: `Run succeeded in ${took}`, data };
        case 'skipped':
          return { time: event.time, level: 'info', kind: 'step', message: `Run skipped after ${took}: ${event.reason ?? 'no step ran'}`, data };
        case 'cancelled':
          return { time: event.time, level: 'warn', kind: 'step', message: `Run cancelled after ${took}`, data };
        case 'failed':
          return {
            time: event.time,
            level: 'error',
            kind: 'step',
            message: `Run failed after ${took}: ${event.error?.message ?? event.reason ?? 'unknown error'}`,
            data,
          };
      }
    }
  }
}
