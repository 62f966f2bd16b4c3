/**
 * Buffers a run's log rows and writes them in batches, so a chatty run costs one IndexedDB
 * transaction per interval instead of one per event. Writes happen one at a time, in order.
 */
import type { LogEntry } from '../../domain/index.ts';
import type { LogEntryDraft } from './logEntries.ts';

export interface LogWriter {
  add(draft: LogEntryDraft): void;
  /** Writes whatever is buffered and resolves when every write so far has landed. */
  flush(): Promise<void>;
  /**
   * Waits for every write so far and hands back what is still buffered instead of writing it, for
   * the caller to write with the run's last state in one write.
   */
  drain(): Promise<LogEntry[]>;
}

export interface LogWriterOptions {
  runId: string;
  append: (entries: LogEntry[]) => Promise<void>;
  intervalMs?: number;
  /** A failed write is reported, never thrown into the run. */
  onError?: (error: unknown) => void;
}

export const LOG_FLUSH_INTERVAL_MS = 50;

export function createLogWriter(options: LogWriterOptions): LogWriter {
  const { runId, append, intervalMs = LOG_FLUSH_INTERVAL_MS, onError = () => {} } = options;
  let seq = 0;
  let buffer: LogEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();

  function stopTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function flush(): Promise<void> {
    stopTimer();
    if (buffer.length > 0) {
      const batch = buffer;
      buffer = [];
      chain = chain.then(() => append(batch)).catch(onError);
    }
    return chain;
  }

  return {
    add(draft) {
      buffer.push({ ...draft, runId, seq: seq++ });
      timer ??= setTimeout(() => void flush(), intervalMs);
    },
    flush,
    async drain() {
      stopTimer();
      await chain;
      const rest = buffer;
      buffer = [];
      return rest;
    },
  };
}
