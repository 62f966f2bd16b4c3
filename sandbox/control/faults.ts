export interface FaultAction {
  status?: number;
  body?: object;
  delayMs?: number;
  /** `before`: close the socket without doing the work; `after`: do the work, then close without answering. */
  drop?: 'before' | 'after';
}

export interface Fault {
  match: { method?: string; pathPrefix: string };
  count: number;
  action: FaultAction;
}

/** Every API request (not the control plane) gets no answer until `untilMs`, like a stopped server. */
export interface Outage {
  kind: 'outage';
  seconds: number;
}

export class FaultError extends Error {}

const MAX_DELAY_MS = 120_000;
const MAX_OUTAGE_SECONDS = 3600;

function parseOutage(input: Record<string, unknown>): Outage {
  for (const key of Object.keys(input)) {
    if (key !== 'kind' && key !== 'seconds') throw new FaultError(`an outage takes only kind and seconds, not ${key}`);
  }
  const { seconds } = input;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_OUTAGE_SECONDS) {
    throw new FaultError(`seconds must be a whole number of seconds from 1 to ${MAX_OUTAGE_SECONDS}`);
  }
  return { kind: 'outage', seconds };
}

/** `{kind: "outage", seconds}`, or a request fault `{match, count, action}` (kind `"request"`, the default). */
export function parseFault(input: unknown): Fault | Outage {
  if (typeof input !== 'object' || input === null)
    throw new FaultError('fault must be a JSON object {match, count, action} or {kind: "outage", seconds}');
  const { kind = 'request', match, count = 1, action } = input as Record<string, unknown>;
  if (kind === 'outage') return parseOutage(input as Record<string, unknown>);
  if (kind !== 'request') throw new FaultError('kind must be "request" or "outage"');
  if (typeof match !== 'object' || match === null) throw new FaultError('match must be an object {method?, pathPrefix}');
  const { method, pathPrefix } = match as Record<string, unknown>;
  if (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/')) throw new FaultError('match.pathPrefix must be a path starting with "/"');
  if (pathPrefix.startsWith('/_sandbox')) throw new FaultError('faults cannot target the control plane (/_sandbox)');
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)))
    throw new FaultError('match.method must be an HTTP method');
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new FaultError('count must be a positive integer');
  if (typeof action !== 'object' || action === null) throw new FaultError('action must be an object {status?, body?, delayMs?, drop?}');
  const { status, body, delayMs, drop } = action as Record<string, unknown>;
  const out: FaultAction = {};
  if (status !== undefined) {
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
      throw new FaultError('action.status must be an HTTP status from 200 to 599');
    out.status = status;
  }
  if (body !== undefined) {
    if (typeof body !== 'object' || body === null) throw new FaultError('action.body must be a JSON object or array');
    if (out.status === undefined) throw new FaultError('action.body needs action.status');
    out.body = body;
  }
  if (delayMs !== undefined) {
    if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
      throw new FaultError(`action.delayMs must be a whole number of milliseconds up to ${MAX_DELAY_MS}`);
    }
    out.delayMs = delayMs;
  }
  if (drop !== undefined) {
    if (drop !== 'before' && drop !== 'after') throw new FaultError('action.drop must be "before" or "after"');
    if (out.status !== undefined) throw new FaultError('action.drop and action.status cannot be combined');
    out.drop = drop;
  }
  if (out.status === undefined && out.delayMs === undefined && out.drop === undefined) {
    throw new FaultError('action needs at least one of status, delayMs, drop');
  }
  return { match: { ...(method ? { method: method.toUpperCase() } : {}), pathPrefix }, count, action: out };
}

/** Faults injected for the next N matching requests, first added first used, and an optional outage. */
export class Faults {
  private items: Fault[] = [];
  private outageUntilMs = 0;

  add(fault: Fault | Outage, nowMs: number): void {
    if ('kind' in fault) this.outageUntilMs = Math.max(this.outageUntilMs, nowMs + fault.seconds * 1000);
    else this.items.push({ ...fault });
  }

  /** True while an outage lasts; it ends by itself at its time (sandbox clock), or when faults are cleared. */
  inOutage(nowMs: number): boolean {
    return nowMs < this.outageUntilMs;
  }

  take(method: string, path: string): FaultAction | undefined {
    const fault = this.items.find((f) => path.startsWith(f.match.pathPrefix) && (!f.match.method || f.match.method === method));
    if (!fault) return undefined;
    fault.count--;
    if (fault.count <= 0) this.items = this.items.filter((f) => f !== fault);
    return fault.action;
  }

  list(nowMs: number): (Fault | { kind: 'outage'; until: string })[] {
    const outage = this.inOutage(nowMs) ? [{ kind: 'outage' as const, until: new Date(this.outageUntilMs).toISOString() }] : [];
    return [...outage, ...this.items.map((f) => ({ ...f }))];
  }

  clear(): void {
    this.items = [];
    this.outageUntilMs = 0;
  }
}
