import { expect } from 'vitest';
import { runDeluge, type DelugeErrorCode, type DelugeRunResult, type DelugeLimits } from '../../../src/engine/deluge/index.ts';
import { FakeZoho } from './fake-zoho.ts';

export interface Snippet {
  name: string;
  src: string;
  args?: Record<string, unknown>;
  /** Expected `info` lines, in order. */
  out?: string[];
  ret?: unknown;
  err?: { code: DelugeErrorCode; line: number; column?: number; msg: string | RegExp };
  limits?: DelugeLimits;
}

export async function exec(
  src: string,
  args: Record<string, unknown> = {},
  limits?: DelugeLimits,
): Promise<{ r: DelugeRunResult; infos: string[]; host: FakeZoho }> {
  const host = new FakeZoho();
  const r = await runDeluge(src, { host, args, ...(limits ? { limits } : {}) });
  return { r, infos: host.infos.map((i) => i.text), host };
}

export async function check(s: Snippet): Promise<void> {
  const { r, infos } = await exec(s.src, s.args, s.limits);
  if (s.err) {
    expect(r.ok, `expected ${s.err.code}, got ${JSON.stringify(r)}`).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(s.err.code);
    expect(r.error.line).toBe(s.err.line);
    if (s.err.column !== undefined) expect(r.error.column).toBe(s.err.column);
    if (typeof s.err.msg === 'string') expect(r.error.message).toContain(s.err.msg);
    else expect(r.error.message).toMatch(s.err.msg);
  } else {
    expect(r.ok ? null : r.error).toBeNull();
    if (r.ok && 'ret' in s) expect(r.returnValue).toEqual(s.ret);
  }
  if (s.out) expect(infos).toEqual(s.out);
}
