/** Function kinds by name: the built-in actions, and Deluge once an interpreter is plugged in. */
import { AppError, type BUILTIN_FUNCTIONS, type FunctionConfig } from '../../domain/index.ts';
import type { DelugeHost } from '../deluge/host.ts';
import { createDelugeHost, type RefusedWrite } from './delugeHost.ts';
import { syncContactToBooks } from './syncContact.ts';
import type { FunctionKind } from './types.ts';

type BuiltinId = (typeof BUILTIN_FUNCTIONS)[number];

/** Wiring for the interpreter: `(s, a, h, signal) => runDeluge(s, { host: h, args: a, signal, limits })`. */
export type DelugeRunner = (script: string, args: Record<string, unknown>, host: DelugeHost, signal: AbortSignal) => Promise<unknown>;

export interface FunctionRegistry {
  kindFor(config: FunctionConfig): FunctionKind;
}

export const BUILTIN_KINDS: Record<BuiltinId, FunctionKind> = {
  sync_contact_to_books: syncContactToBooks,
};

/**
 * Deluge carries on after an HTTP error, as Zoho does, so every `info` line still reaches the log.
 * A write the service refused still fails the step once the script ends: a sync that silently did
 * not write is the failure people most need to see.
 */
export function delugeKind(runner: DelugeRunner): FunctionKind {
  return {
    async run(ctx) {
      const refused: RefusedWrite[] = [];
      const output = await runner(ctx.config.script ?? '', ctx.args, createDelugeHost(ctx, refused), ctx.signal);
      const first = refused[0];
      if (first) {
        const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
        throw new AppError(
          'FUNCTION_FAILED',
          `The script finished, but its ${first.method} at line ${first.line} was refused: HTTP ${first.status}${first.summary ? ` (${first.summary})` : ''}${more}`,
          { line: first.line },
        );
      }
      return output;
    },
  };
}

/**
 * The interpreter, loaded on the first Deluge run so it stays out of the first screen's bundle.
 * @see delugeRunnerFrom
 */
export const lazyDelugeRunner: DelugeRunner = async (script, args, host, signal) => {
  const { runDeluge } = await import('../deluge/index.ts');
  return delugeRunnerFrom(runDeluge)(script, args, host, signal);
};

/** `deluge` defaults to the lazily loaded interpreter; `null` builds a registry without one. */
export function createFunctionRegistry(
  opts: { deluge?: DelugeRunner | null; builtins?: Partial<Record<BuiltinId, FunctionKind>> } = {},
): FunctionRegistry {
  const builtins: Partial<Record<BuiltinId, FunctionKind>> = { ...BUILTIN_KINDS, ...opts.builtins };
  const runner = opts.deluge === undefined ? lazyDelugeRunner : opts.deluge;
  const deluge = runner ? delugeKind(runner) : null;
  return {
    kindFor(config) {
      if (config.kind === 'deluge') {
        if (!deluge)
          throw new AppError('FUNCTION_FAILED', `"${config.name}" is a Deluge script, and no Deluge interpreter is installed in this build`);
        return deluge;
      }
      const kind = config.builtin ? builtins[config.builtin.id] : undefined;
      if (!kind) throw new AppError('FUNCTION_FAILED', `"${config.name}" names an unknown built-in action "${config.builtin?.id ?? ''}"`);
      return kind;
    },
  };
}

/** The shape `runDeluge` resolves with (deluge/index.ts): a result, never a throw. */
export type DelugeRunResultLike =
  | { ok: true; returnValue: unknown }
  | {
      ok: false;
      error: { code: 'DELUGE_SYNTAX' | 'DELUGE_RUNTIME' | 'DELUGE_LIMIT' | 'DELUGE_TIMEOUT' | 'DELUGE_HTTP'; message: string; line: number };
    };

/**
 * Wraps the interpreter's `runDeluge(source, { host, args, limits, signal })` as a DelugeRunner:
 * the script's return value becomes the node's output, a script error fails the node with its code.
 */
export function delugeRunnerFrom<L>(
  run: (
    source: string,
    options: { host: DelugeHost; args: Record<string, unknown>; signal: AbortSignal; limits?: L },
  ) => Promise<DelugeRunResultLike>,
  limits?: L,
): DelugeRunner {
  return async (script, args, host, signal) => {
    const result = await run(script, { host, args, signal, ...(limits === undefined ? {} : { limits }) });
    if (result.ok) return result.returnValue;
    const { code, message, line } = result.error;
    throw new AppError(code, /\bline \d+\b/.test(message) ? message : `${message} (line ${line})`, { line });
  };
}
