/** Function kinds by name: the built-in actions, and Deluge once an interpreter is plugged in. */
import { AppError, type BUILTIN_FUNCTIONS, type FunctionConfig } from '../../domain/index.ts';
import type { DelugeHost } from '../deluge/host.ts';
import { createDelugeHost } from './delugeHost.ts';
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

export function delugeKind(runner: DelugeRunner): FunctionKind {
  return { run: (ctx) => runner(ctx.config.script ?? '', ctx.args, createDelugeHost(ctx), ctx.signal) };
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
export function createFunctionRegistry(opts: { deluge?: DelugeRunner | null; builtins?: Partial<Record<BuiltinId, FunctionKind>> } = {}): FunctionRegistry {
  const builtins: Partial<Record<BuiltinId, FunctionKind>> = { ...BUILTIN_KINDS, ...opts.builtins };
  const runner = opts.deluge === undefined ? lazyDelugeRunner : opts.deluge;
  const deluge = runner ? delugeKind(runner) : null;
  return {
    kindFor(config) {
      if (config.kind === 'deluge') {
        if (!deluge) throw new AppError('FUNCTION_FAILED', `"${config.name}" is a Deluge script, and no Deluge interpreter is installed in this build`);
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
  | { ok: false; error: { code: 'DELUGE_SYNTAX' | 'DELUGE_RUNTIME' | 'DELUGE_LIMIT' | 'DELUGE_TIMEOUT' | 'DELUGE_HTTP'; message: string; line: number } };

/**
 * Wraps the interpreter's `runDeluge(source, { host, args, limits, signal })` as a DelugeRunner:
 * the script's return value becomes the node's output, a script error fails the node with its code.
 */
export function delugeRunnerFrom<L>(
  run: (source: string, options: { host: DelugeHost; args: Record<string, unknown>; signal: AbortSignal; limits?: L }) => Promise<DelugeRunResultLike>,
  limits?: L,
): DelugeRunner {
  return async (script, args, host, signal) => {
    const result = await run(script, { host, args, signal, ...(limits === undefined ? {} : { limits }) });
    if (result.ok) return result.returnValue;
    throw new AppError(result.error.code, `${result.error.message} (line ${result.error.line})`, { line: result.error.line });
  };
}
