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

export function createFunctionRegistry(opts: { deluge?: DelugeRunner; builtins?: Partial<Record<BuiltinId, FunctionKind>> } = {}): FunctionRegistry {
  const builtins: Partial<Record<BuiltinId, FunctionKind>> = { ...BUILTIN_KINDS, ...opts.builtins };
  const deluge = opts.deluge ? delugeKind(opts.deluge) : null;
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
