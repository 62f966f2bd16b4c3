import { describe, expect, it } from 'vitest';
import {
  AppError,
  BIGIN_BOOKS_SYNC_TEMPLATE,
  WORKFLOW_FILE_FORMAT,
  connectionRefs,
  formatPath,
  parseWorkflowFile,
  serializeWorkflowFile,
  type Workflow,
} from '../../../src/domain/index.ts';

const SERVICES: Record<string, string> = { bigin_connection: 'zoho_bigin', books_connection: 'zoho_books' };
const serviceOf = (linkName: string) => SERVICES[linkName];

function workflow(): Pick<Workflow, 'name' | 'nodes' | 'edges' | 'layout'> {
  const built = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  const sync = built.nodes[2];
  if (sync?.type !== 'function') throw new Error('template changed');
  sync.config.connections = { books: 'books_connection', bigin: 'bigin_connection' };
  sync.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: '10234695' } };
  return built;
}

function expectImportError(text: string, path: string): void {
  try {
    parseWorkflowFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('IMPORT_INVALID');
    expect((error as AppError).message.startsWith(`${path}:`)).toBe(true);
    expect((error as AppError).details?.path).toBe(path);
    return;
  }
  throw new Error('expected the import to be refused');
}

describe('workflow file', () => {
  it('round-trips: parse(serialize(w)) gives back the same graph, layout and connections', () => {
    const source = workflow();
    const text = serializeWorkflowFile(source, serviceOf);
    const { file, warnings } = parseWorkflowFile(text);
    expect(warnings).toEqual([]);
    expect(file.format).toBe(WORKFLOW_FILE_FORMAT);
    expect(file.name).toBe(source.name);
    expect(file.nodes).toEqual(source.nodes);
    expect(file.edges).toEqual(source.edges);
    expect(file.layout).toEqual(source.layout);
    expect(file.connections).toEqual([
      { linkName: 'bigin_connection', service: 'zoho_bigin' },
      { linkName: 'books_connection', service: 'zoho_books' },
    ]);
    expect(serializeWorkflowFile(file, serviceOf)).toBe(text);
  });

  it('writes keys in canonical order whatever order the workflow object has', () => {
    const source = workflow();
    const shuffled = {
      layout: { nodes: Object.fromEntries(Object.entries(source.layout.nodes).reverse()) },
      edges: source.edges.map((e) => ({ ...(e.branch ? { branch: e.branch } : {}), target: e.target, source: e.source, id: e.id })),
      nodes: source.nodes.map((n) => ({ config: n.config, type: n.type, id: n.id }) as typeof n),
      name: source.name,
    };
    const text = serializeWorkflowFile(shuffled, serviceOf);
    expect(text).toBe(serializeWorkflowFile(source, serviceOf));
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'name', 'nodes', 'edges', 'connections', 'layout']);
    expect(Object.keys(JSON.parse(text).nodes[0])).toEqual(['id', 'type', 'config']);
    expect(Object.keys(JSON.parse(text).layout.nodes)).toEqual(['has_email', 'sync', 'trigger']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('names a connection by link name and service only, falling back to the role when the service is unknown', () => {
    const refs = connectionRefs(workflow(), (linkName) => (linkName === 'bigin_connection' ? 'zoho_bigin' : undefined));
    expect(refs).toEqual([
      { linkName: 'bigin_connection', service: 'zoho_bigin' },
      { linkName: 'books_connection', service: 'books' },
    ]);
  });

  it('strips secrets and unknown keys on import and says so, keeping nothing of them', () => {
    const file = JSON.parse(serializeWorkflowFile(workflow(), serviceOf));
    file.accessToken = 'ya29.secret';
    file.connections[0].client_secret = 'shh';
    file.nodes[2].config.password = 'hunter2';
    file.nodes[0].colour = 'green';
    const { file: parsed, warnings } = parseWorkflowFile(JSON.stringify(file));
    expect(warnings).toEqual([
      'Ignored unknown field nodes[0].colour',
      'Removed nodes[2].config.password: exported files never carry secrets',
      'Removed connections[0].client_secret: exported files never carry secrets',
      'Removed accessToken: exported files never carry secrets',
    ]);
    const text = JSON.stringify(parsed);
    for (const secret of ['ya29.secret', 'shh', 'hunter2', 'green']) expect(text).not.toContain(secret);
  });

  it('refuses a file that is not JSON', () => {
    expect(() => parseWorkflowFile('{ nope')).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID' }));
  });

  it('refuses another format and names the field', () => {
    const file = JSON.parse(serializeWorkflowFile(workflow(), serviceOf));
    file.format = 'workflow/9';
    expectImportError(JSON.stringify(file), 'format');
  });

  it('names the first bad path of a node', () => {
    const file = JSON.parse(serializeWorkflowFile(workflow(), serviceOf));
    file.nodes[0].config.events = ['delete'];
    expectImportError(JSON.stringify(file), 'nodes[0].config.events[0]');
  });

  it('names the operator of a bad rule, not just the rule (regression: union errors stopped at the rule)', () => {
    const file = JSON.parse(serializeWorkflowFile(workflow(), serviceOf));
    file.nodes[1].config.rules[0].op = 'resembles';
    expectImportError(JSON.stringify(file), 'nodes[1].config.rules[0].op');
  });

  it('names the bad path inside a nested group', () => {
    const file = JSON.parse(serializeWorkflowFile(workflow(), serviceOf));
    file.nodes[1].config.rules.push({ match: 'all', rules: [{ field: 'Email', op: 'is', value: 3 }] });
    expectImportError(JSON.stringify(file), 'nodes[1].config.rules[1].rules[0].value');
  });

  it('formats paths the way people read them', () => {
    expect(formatPath(['nodes', 2, 'config', 'rules', 0, 'op'])).toBe('nodes[2].config.rules[0].op');
    expect(formatPath([])).toBe('(root)');
  });
});
