/** The one error type the runtime throws; `runDeluge` turns it into `{ok:false, error}`. */
import type { DelugeErrorCode } from './diagnostics.ts';

export class DelugeFault extends Error {
  constructor(
    readonly code: DelugeErrorCode,
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }

  /** Limits and cancellation end the run; `try/catch` in the script cannot swallow them. */
  get catchable(): boolean {
    return this.code === 'DELUGE_RUNTIME' || this.code === 'DELUGE_HTTP';
  }
}
