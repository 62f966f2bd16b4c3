export interface LogLine {
  method: string;
  /** The forwarding target's host, or "-" for the relay's own endpoints. */
  targetHost: string;
  /** Never the query string: Zoho's revoke and some token flows carry tokens there. */
  path: string;
  status: number;
  durationMs: number;
  refusal?: string;
}

export type LogSink = (line: string) => void;

/** Method, target host, path without query, status and duration — never headers, bodies, codes or tokens. */
export function formatLogLine(entry: LogLine): string {
  const path = entry.path.split('?')[0]!.slice(0, 200);
  return `relay: ${entry.method} ${entry.targetHost} ${path} ${entry.status} ${entry.durationMs}ms${entry.refusal ? ` ${entry.refusal}` : ''}`;
}

/**
 * Lines written once per turn of the event loop, joined: on Linux a write to a pipe or a terminal is
 * synchronous, so one write per request would stall every request on its own system call.
 */
export function batchedLog(write: (text: string) => void): LogSink {
  let pending: string[] = [];
  const flush = (): void => {
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
  };
}
