/** Wall clock with an offset that tests can move forward (code and token expiry, rate windows). */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

/** Bigin/CRM style: `2025-01-15T10:21:04+00:00`. */
export const biginTime = (ms: number): string => `${iso(ms)}+00:00`;

/** Books style: `2013-08-05T12:06:10+0000`. */
export const booksTime = (ms: number): string => `${iso(ms)}+0000`;
