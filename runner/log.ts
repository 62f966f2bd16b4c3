/**
 * The runner's own log lines: what happened and to which workflow, run or link name. Values passed in
 * are ids, counts and error codes and messages (AppError messages never carry tokens); nothing else.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface RunnerLog {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
}

function line(level: string, message: string, fields: LogFields = {}): string {
  const extra = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(' ');
  return `${new Date().toISOString()} runner ${level}: ${message}${extra ? ` ${extra}` : ''}\n`;
}

export function streamLog(write: (text: string) => void = (text) => process.stderr.write(text)): RunnerLog {
  return {
    info: (message, fields) => write(line('info', message, fields)),
    warn: (message, fields) => write(line('warn', message, fields)),
  };
}
