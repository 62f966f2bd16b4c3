/** Public API of the Deluge interpreter: parse, run, and editor support data. */
import type { Program } from './ast.ts';
import { DEFAULT_MAX_DEPTH, parse } from './parser.ts';
import type { DelugeDiagnostic, DelugeErrorCode, DelugeHint } from './diagnostics.ts';
import { booksOrganizationHints } from './books-organization.ts';
import { DelugeFault } from './errors.ts';
import type { DelugeHost } from './host.ts';
import { compileProgram, toFault, type Frame, type Runtime } from './interpreter.ts';
import { INVOKEURL_TIMEOUT_MS } from './tasks-http.ts';
import { ValueError, fromPlain, toPlain, type Value } from './values.ts';
import { convertArgument } from './arguments.ts';
import { systemClock } from '../clock.ts';
import type { Clock } from '../ports.ts';

export type { Program } from './ast.ts';
export type { DelugeDiagnostic, DelugeErrorCode, DelugeHint } from './diagnostics.ts';
export type { DelugeHost, DelugeHttpMethod, DelugeHttpRequest, DelugeHttpResponse, DelugeNoticeLevel } from './host.ts';
export { DELUGE_BUILTINS, DELUGE_METHODS, DELUGE_KEYWORDS, DELUGE_INVOKEURL_KEYS, type BuiltinInfo, type MethodInfo } from './catalog.ts';
export { BOOKS_DEFAULT_ORGANIZATION_NOTE } from './books-organization.ts';
export { classifyTokens, type TokenClass, type ClassifiedToken } from './highlight.ts';

export interface DelugeLimits {
  /** Statements per run; Zoho's default for a function is 5,000. */
  maxStatements?: number;
  /** Wall-clock time for the whole run. */
  timeoutMs?: number;
  /** Nesting depth of blocks and expressions accepted by the parser. */
  maxDepth?: number;
  /** Per-request timeout for invokeurl and integration tasks (Zoho: 40 s). */
  requestTimeoutMs?: number;
}

export const DEFAULT_LIMITS: Required<DelugeLimits> = {
  maxStatements: 5000,
  timeoutMs: 60_000,
  maxDepth: DEFAULT_MAX_DEPTH,
  requestTimeoutMs: INVOKEURL_TIMEOUT_MS,
};

export interface DelugeRunOptions {
  host: DelugeHost;
  /** Plain JSON values, converted to Deluge values (objects become Maps, arrays Lists). */
  args?: Record<string, unknown>;
  limits?: DelugeLimits;
  signal?: AbortSignal;
  /** Time and timers for the run and request limits; the system clock when absent. */
  clock?: Clock;
}

export interface DelugeRunError {
  code: DelugeErrorCode;
  message: string;
  line: number;
  column: number;
}

export type DelugeRunResult = { ok: true; returnValue: unknown; statements: number } | { ok: false; error: DelugeRunError; statements: number };

/** The tree, every syntax error, and hints: remarks on code that runs but may not do what is meant. */
export function parseDeluge(source: string, options?: { maxDepth?: number }): { program: Program; errors: DelugeDiagnostic[]; hints: DelugeHint[] } {
  const { program, errors } = parse(source, options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  return { program, errors, hints: booksOrganizationHints(program) };
}

/** The host's randomness, checked on every draw; Math.random when the host offers none. */
function hostRandom(host: DelugeHost): () => number {
  if (typeof host.random !== 'function') return Math.random;
  return () => {
    const r = host.random?.() ?? NaN;
    if (!(typeof r === 'number' && r >= 0 && r < 1)) throw new ValueError(`the host's random() gave ${String(r)}, not a number from 0 up to 1`);
    return r;
  };
}

function failure(f: DelugeFault, statements: number): DelugeRunResult {
  return { ok: false, error: { code: f.code, message: f.message, line: f.line, column: f.column }, statements };
}

export async function runDeluge(source: string | Program, options: DelugeRunOptions): Promise<DelugeRunResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let program: Program;
  if (typeof source === 'string') {
    const parsed = parse(source, limits.maxDepth);
    const first = parsed.errors[0];
    if (first !== undefined) {
      const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
      return {
        ok: false,
        error: { code: 'DELUGE_SYNTAX', message: `${first.message} at line ${first.line}${more}`, line: first.line, column: first.column },
        statements: 0,
      };
    }
    program = parsed.program;
  } else {
    program = source;
  }

  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  let timedOut = false;
  const clock = options.clock ?? systemClock;
  const cancelTimer = clock.timeout(limits.timeoutMs, () => {
    timedOut = true;
    stop.abort();
  });
  const rt: Runtime = {
    host: options.host,
    clock,
    signal: stop.signal,
    count: 0,
    maxStatements: limits.maxStatements,
    deadline: clock.now() + limits.timeoutMs,
    timeoutMs: limits.timeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    at: { start: 0, end: 0, line: 1, col: 1 },
    random: hostRandom(options.host),
  };
  try {
    const compiled = compileProgram(program);
    const frame: Frame = { v: new Array<Value | undefined>(compiled.size).fill(undefined), rt, ret: null };
    for (const p of program.header?.params ?? []) {
      frame.v[compiled.slots.get(p.name.toLowerCase()) as number] = null;
    }
    for (const [name, value] of Object.entries(options.args ?? {})) {
      const slot = compiled.slots.get(name.toLowerCase());
      if (slot === undefined) continue;
      const declared = program.header?.params.find((p) => p.name.toLowerCase() === name.toLowerCase());
      frame.v[slot] = convertArgument(fromPlain(value), declared?.type, name);
    }
    const run = compiled.run;
    if (run.a) await run.ax(frame);
    else run.x(frame);
    return { ok: true, returnValue: toPlain(frame.ret), statements: rt.count };
  } catch (e) {
    const fault = toFault(e, rt);
    if (timedOut && fault.code === 'DELUGE_TIMEOUT') {
      return failure(
        new DelugeFault(
          'DELUGE_TIMEOUT',
          `the script ran longer than ${limits.timeoutMs} ms (stopped at line ${fault.line})`,
          fault.line,
          fault.column,
        ),
        rt.count,
      );
    }
    return failure(fault, rt.count);
  } finally {
    cancelTimer();
    options.signal?.removeEventListener('abort', onAbort);
  }
}
