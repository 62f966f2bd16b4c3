import type { Connection, Service } from '../../app/facades/connections.ts';

export const STATUS_LABEL: Record<Connection['status'], string> = {
  not_connected: 'Not connected',
  connected: 'Connected',
  reauth_required: 'Reconnect required',
  error: 'Error',
};

export const STATUS_TONE: Record<Connection['status'], 'ok' | 'warn' | 'danger' | 'muted'> = {
  not_connected: 'muted',
  connected: 'ok',
  reauth_required: 'warn',
  error: 'danger',
};

export const REACH_LABEL: Record<Service['reach'], string> = {
  direct: 'Works in the browser',
  'implicit-only': 'Implicit only',
  'needs-relay': 'Needs a relay',
};

/** What is true of a needs-relay preset (or an approved custom service) once a relay is paired. */
export const VIA_RELAY_LABEL = 'via relay';

export const AUTH_LABEL: Record<Service['authType'], string> = {
  oauth2: 'OAuth 2.0',
  apikey: 'API Key',
  basic: 'Basic',
  none: 'None',
};

export function formatWhen(ms: number | null): string {
  if (ms === null) return '—';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function expiresIn(ms: number | null, now = Date.now()): string {
  if (ms === null) return 'Does not expire';
  const seconds = Math.round((ms - now) / 1000);
  if (seconds <= 0) return 'Expired (refreshed on next use)';
  if (seconds < 120) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}
