import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { parseDeluge } from '../../../src/engine/deluge/index.ts';
import { delugeCompletions, placeAt } from '../../../src/ui/deluge-editor/complete.ts';
import { toEditorDiagnostics } from '../../../src/ui/deluge-editor/lint.ts';

const source = delugeCompletions(() => ['bigin_conn', 'books_conn']);

/** Completions with the cursor at `|`. */
function complete(doc: string, explicit = false): CompletionResult | null {
  const pos = doc.indexOf('|');
  const state = EditorState.create({ doc: doc.replace('|', '') });
  const result = source(new CompletionContext(state, pos, explicit));
  if (result instanceof Promise) throw new Error('the source is synchronous');
  return result;
}
const labels = (r: CompletionResult | null) => r?.options.map((o) => o.label) ?? [];

describe('Deluge autocomplete', () => {
  it('offers built-ins and keywords for a word', () => {
    const r = complete('x = ifn|');
    expect(r?.from).toBe(4);
    expect(labels(r)).toContain('ifnull');
    expect(labels(r)).toContain('Map');
    expect(labels(r)).toContain('info');
  });

  it('offers integration tasks by their dotted names', () => {
    const r = complete('c = zoho.bigin.get|');
    expect(r?.from).toBe(4);
    expect(labels(r)).toEqual(expect.arrayContaining(['zoho.bigin.getRecordById', 'zoho.bigin.searchRecords']));
    expect(labels(r)).not.toContain('zoho.books.getRecords');
  });

  it('offers methods after a dot, once per name, with their receivers', () => {
    const r = complete('m = Map();\nm.ge|');
    expect(r?.from).toBe('m = Map();\nm.'.length);
    const get = r?.options.find((o) => o.label === 'get');
    expect(get?.detail).toContain('Map');
    expect(get?.detail).toContain('List');
    expect(labels(r).filter((l) => l === 'get')).toHaveLength(1);
    expect(labels(r)).toEqual(expect.arrayContaining(['put', 'add', 'toString', 'containsKey']));
  });

  it('offers the connection link names inside a string', () => {
    const r = complete('r = invokeurl\n[\n  url: "https://x.test"\n  connection: "bo|"\n];');
    expect(labels(r)).toEqual(['bigin_conn', 'books_conn']);
    expect(r?.from).toBe('r = invokeurl\n[\n  url: "https://x.test"\n  connection: "'.length);
  });

  it('offers nothing inside a comment or a string with spaces, nor unasked at a blank', () => {
    expect(complete('// see ifn|')).toBeNull();
    expect(complete('info "hello wor|')).toBeNull();
    expect(complete('x = |')).toBeNull();
    expect(labels(complete('x = |', true))).toContain('ifnull');
  });

  it('tells code, comment and string apart before the cursor, skipping escaped quotes', () => {
    expect(placeAt('a = "x\\"y')).toEqual({ in: 'string', from: 5 });
    expect(placeAt('a = "x" + \'b')).toEqual({ in: 'string', from: 11 });
    expect(placeAt('a = "x" + b')).toEqual({ in: 'code' });
    expect(placeAt('a = "//" // "b')).toEqual({ in: 'comment' });
  });
});

describe('Deluge diagnostics in the editor', () => {
  it('places each parser error at its line and column with the line in the message', () => {
    const src = 'a = 1;\nb = ;\nc = Map(;';
    const { errors } = parseDeluge(src);
    const doc = Text.of(src.split('\n'));
    const diagnostics = toEditorDiagnostics(doc, errors);
    expect(diagnostics.length).toBe(errors.length);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/^Line 2: /) as string });
    const first = diagnostics[0]!;
    expect(doc.lineAt(first.from).number).toBe(2);
    expect(first.to).toBeGreaterThan(first.from);
    for (const d of diagnostics) expect(d.to).toBeLessThanOrEqual(doc.length);
  });

  it('a Books URL without organization_id is a hint, not an error, saying which organization Books uses', () => {
    const src = 'r = invokeurl\n[\n  url :"https://books.zoho.com/api/v3/contacts"\n  type :GET\n];';
    const doc = Text.of(src.split('\n'));
    const { errors, hints } = parseDeluge(src);
    const diagnostics = toEditorDiagnostics(doc, errors, hints);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'hint',
      message:
        'Line 3: no organization_id: Zoho Books will use the default organization of the Books connection. To name one, add organization_id=<your organization id> to the URL (or the parameters map)',
    });
    expect(doc.sliceString(diagnostics[0]!.from, diagnostics[0]!.to)).toBe('"https://books.zoho.com/api/v3/contacts"');
  });

  it('an error at the very end of the text stays inside the document', () => {
    const src = 'if (a) {';
    const doc = Text.of([src]);
    const diagnostics = toEditorDiagnostics(doc, parseDeluge(src).errors);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.from).toBeGreaterThanOrEqual(0);
      expect(d.to).toBeLessThanOrEqual(doc.length);
      expect(d.to).toBeGreaterThan(d.from);
    }
  });
});
