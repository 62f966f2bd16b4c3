/**
 * Autocomplete: keywords and built-ins (with dotted task names such as `zoho.bigin.getRecordById`),
 * Map/List/Text/… methods after a dot, and the workflow's connection link names inside strings.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { DELUGE_BUILTINS, DELUGE_KEYWORDS, DELUGE_METHODS } from '../../app/facades/deluge.ts';

const KEYWORDS: Completion[] = DELUGE_KEYWORDS.map((k) => ({ label: k, type: 'keyword' }));

const BUILTINS: Completion[] = DELUGE_BUILTINS.map((b) => ({
  label: b.name,
  type: b.kind === 'value' ? 'variable' : 'function',
  detail: b.kind === 'task' ? 'integration task' : b.kind,
  info: `${b.signature}\n${b.doc}`,
}));

/** One entry per method name; the receivers that have it are listed in its detail. */
const METHODS: Completion[] = (() => {
  const byName = new Map<string, { receivers: string[]; signature: string; returns: string; doc: string }>();
  for (const m of DELUGE_METHODS) {
    const seen = byName.get(m.name);
    if (seen) seen.receivers.push(m.receiver);
    else byName.set(m.name, { receivers: [m.receiver], signature: m.signature, returns: m.returns, doc: m.doc });
  }
  return [...byName].map(([name, m]) => ({
    label: name,
    type: 'method',
    detail: m.receivers.join(', '),
    info: `${m.signature} → ${m.returns}\n${m.doc}`,
  }));
})();

export type CursorPlace = { in: 'code' } | { in: 'comment' } | { in: 'string'; from: number };

/** Whether the end of `textBefore` (one line up to the cursor) is in code, a `//` comment, or a string (and where its text starts). */
export function placeAt(textBefore: string): CursorPlace {
  let quote = '';
  let start = -1;
  for (let i = 0; i < textBefore.length; i++) {
    const c = textBefore[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
      start = i + 1;
    } else if (c === '/' && textBefore[i + 1] === '/') {
      return { in: 'comment' };
    }
  }
  return quote ? { in: 'string', from: start } : { in: 'code' };
}

export function delugeCompletions(linkNames: () => readonly string[]): CompletionSource {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);

    const place = placeAt(before);
    if (place.in === 'comment') return null;
    if (place.in === 'string') {
      if (!/^\w*$/.test(before.slice(place.from))) return null;
      const options = linkNames().map((name) => ({ label: name, type: 'constant', detail: 'connection link name' }));
      return options.length > 0 ? { from: line.from + place.from, options, validFor: /^\w*$/ } : null;
    }

    const word = /[\w.]*$/.exec(before)?.[0] ?? '';
    const dot = word.lastIndexOf('.');
    if (/^zoho\./i.test(word)) {
      const typed = word.toLowerCase();
      const options = BUILTINS.filter((b) => b.label.toLowerCase().startsWith(typed.slice(0, typed.lastIndexOf('.') + 1)));
      return { from: ctx.pos - word.length, options, validFor: /^[\w.]*$/ };
    }
    if (dot >= 0) return { from: ctx.pos - word.length + dot + 1, options: METHODS, validFor: /^\w*$/ };
    if (word === '' && !ctx.explicit) return null;
    return { from: ctx.pos - word.length, options: [...KEYWORDS, ...BUILTINS], validFor: /^\w*$/ };
  };
}
