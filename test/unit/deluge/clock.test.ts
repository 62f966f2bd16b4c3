import { describe, expect, it } from 'vitest';
import { runDeluge, type DelugeHost, type DelugeHttpRequest, type DelugeHttpResponse } from '../../../src/engine/deluge/index.ts';
import type { Clock } from '../../../src/engine/ports.ts';
import { VirtualClock } from '../engine/fakes.ts';

/** A clock whose time moves on by `stepMs` each time it is read, so a busy loop "takes" time. */
class SteppingClock implements Clock {
  t = 0;
  readonly armed: Array<{ ms: number; cancelled: boolean }> = [];
  constructor(private readonly stepMs: number) {}
  now(): number {
    this.t += this.stepMs;
    return this.t;
  }
  timeout(ms: number): () => void {
    const timer = { ms, cancelled: false };
    this.armed.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
  sleep(): Promise<void> {
    return Promise.reject(new Error('the interpreter never sleeps'));
  }
  random(): number {
    return 0.5;
  }
}

/** Every request hangs until the interpreter aborts it. */
class HangingHost implements DelugeHost {
  readonly requests: DelugeHttpRequest[] = [];
  request(req: DelugeHttpRequest, signal: AbortSignal): Promise<DelugeHttpResponse> {
    this.requests.push(req);
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  }
  info(): void {}
  now(): Date {
    return new Date('2025-01-01T00:00:00Z');
  }
}

const busyLoop = 'l = "x".leftPad(2000).toList("");\nfor each a in l { for each b in l { y = 1; } }';

describe('time limits come from the engine clock, not the wall clock', () => {
  it('stops a compute loop once the clock passes the run time limit', async () => {
    const clock = new SteppingClock(1);
    const r = await runDeluge(busyLoop, { host: new HangingHost(), clock, limits: { maxStatements: 1e12, timeoutMs: 5 } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_TIMEOUT', line: 2, message: 'the script ran longer than 5 ms (stopped at line 2)' },
    });
    // Checked every 1,024 statements: the sixth check is the first past the limit.
    expect(r.statements).toBe(6 * 1024);
    expect(clock.armed).toEqual([{ ms: 5, cancelled: true }]);
  });

  it('lets the same loop finish when the clock stands still', async () => {
    const clock = new SteppingClock(0);
    const r = await runDeluge(busyLoop, { host: new HangingHost(), clock, limits: { maxStatements: 1e12, timeoutMs: 5 } });
    expect(r).toMatchObject({ ok: true });
  });

  it("times out a request that never answers after Zoho's 40 s, in virtual time", async () => {
    const clock = new VirtualClock();
    const host = new HangingHost();
    const r = await runDeluge('\nx = invokeurl [ url: "https://api.example.com/slow?token=secret" ];', { host, clock });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_TIMEOUT', line: 2, message: 'invokeurl to https://api.example.com/slow timed out after 40 s at line 2' },
    });
    expect(clock.t).toBe(40_000);
  });

  it('ends the run at its time limit while a request is still waiting', async () => {
    const clock = new VirtualClock();
    const r = await runDeluge('x = zoho.bigin.getRecordById("Contacts", "1");', { host: new HangingHost(), clock, limits: { timeoutMs: 10_000 } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'DELUGE_TIMEOUT', line: 1, message: 'the script ran longer than 10000 ms (stopped at line 1)' },
    });
    expect(clock.t).toBe(10_000);
  });
});
