import type { RunStatus } from '../../domain/index.ts';

export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  skipped: 'Skipped',
  failed: 'Failed',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
};

export const STATUS_TONES: Record<RunStatus, 'ok' | 'danger' | 'warn' | 'neutral'> = {
  queued: 'neutral',
  running: 'neutral',
  succeeded: 'ok',
  skipped: 'neutral',
  failed: 'danger',
  interrupted: 'warn',
  cancelled: 'warn',
};

export function clockTime(time: number): string {
  const d = new Date(time);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function dateTime(time: number): string {
  return new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** How a trigger record reads in a table: name and email when it has them, else its id. */
export function recordIdOf(record: Record<string, unknown>): string {
  return typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : '';
}

export function recordSummary(record: Record<string, unknown>): string {
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string).trim() : '');
  const name = text('Full_Name') || [text('First_Name'), text('Last_Name')].filter(Boolean).join(' ');
  const email = text('Email');
  const id = recordIdOf(record);
  const parts = [name, email && `<${email}>`].filter(Boolean).join(' ');
  return parts || (id ? `Record ${id}` : 'Record without id');
}
