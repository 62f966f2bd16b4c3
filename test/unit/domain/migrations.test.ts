import { describe, expect, it } from 'vitest';
import { CURRENT_WORKFLOW_SCHEMA_VERSION, Workflow, documentVersion, migrateWorkflowDocument } from '../../../src/domain/index.ts';

/** Documents as each schema version stored them. Never edit one: add a fixture for each new version. */
const FIXTURES: Record<number, string> = {
  1: JSON.stringify({
    id: 'wf_fixture0001',
    name: 'Old sync',
    schemaVersion: 1,
    nodes: [
      { id: 'trigger', type: 'trigger', position: { x: 10, y: 20 }, config: { module: 'Contacts', events: ['create', 'edit'] } },
      { id: 'has_email', type: 'condition', position: { x: 10, y: 180 }, config: { match: 'all', rules: [{ field: 'Email', op: 'is_not_empty' }] } },
      { id: 'orphan', type: 'condition', config: { match: 'any', rules: [] } },
    ],
    edges: [{ id: 'e1', source: 'trigger', target: 'has_email' }],
    createdAt: 1767222000000,
    updatedAt: 1767222000000,
  }),
  2: JSON.stringify({
    id: 'wf_fixture0002',
    name: 'Current sync',
    schemaVersion: 2,
    nodes: [
      { id: 'trigger', type: 'trigger', config: { module: 'Contacts', events: ['create'], changedFields: [] } },
      {
        id: 'has_email',
        type: 'condition',
        config: { match: 'all', rules: [{ field: 'Email', op: 'is_not_empty', value: '', value2: '', values: [] }] },
      },
    ],
    edges: [{ id: 'e1', source: 'trigger', target: 'has_email' }],
    layout: { nodes: { trigger: { x: 0, y: 0 }, has_email: { x: 0, y: 160 } }, viewport: { x: 0, y: 0, zoom: 1 } },
    revision: 7,
    createdAt: 1767222000000,
    updatedAt: 1767222500000,
  }),
};

const fixture = (version: number): unknown => {
  const text = FIXTURES[version];
  if (!text) throw new Error(`No fixture for workflow schema version ${version}`);
  return JSON.parse(text);
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('workflow document migrations', () => {
  it('has a fixture for every version up to the current one', () => {
    for (let version = 1; version <= CURRENT_WORKFLOW_SCHEMA_VERSION; version++) expect(documentVersion(fixture(version))).toBe(version);
  });

  it('v1 → v2 moves positions out of the nodes into the layout and starts the revision at 0', () => {
    const migrated = migrateWorkflowDocument(fixture(1));
    const workflow = Workflow.parse(migrated);
    expect(workflow.schemaVersion).toBe(2);
    expect(workflow.revision).toBe(0);
    expect(workflow.layout.nodes).toEqual({ trigger: { x: 10, y: 20 }, has_email: { x: 10, y: 180 }, orphan: { x: 0, y: 0 } });
    for (const node of (migrated as { nodes: object[] }).nodes) expect(node).not.toHaveProperty('position');
    expect(workflow.nodes.map((n) => n.id)).toEqual(['trigger', 'has_email', 'orphan']);
    expect(workflow.edges).toEqual([{ id: 'e1', source: 'trigger', target: 'has_email' }]);
  });

  it('leaves a current document as it is', () => {
    const current = fixture(CURRENT_WORKFLOW_SCHEMA_VERSION);
    expect(migrateWorkflowDocument(current)).toEqual(current);
    expect(Workflow.safeParse(migrateWorkflowDocument(current)).success).toBe(true);
  });

  it('treats a document without a version as version 1', () => {
    const { schemaVersion: _dropped, ...unversioned } = fixture(1) as Record<string, unknown>;
    expect(documentVersion(unversioned)).toBe(1);
    expect(migrateWorkflowDocument(unversioned)).toEqual(migrateWorkflowDocument(fixture(1)));
  });

  it('never changes its input (deep-frozen input, and equal to a clone taken before)', () => {
    for (let version = 1; version <= CURRENT_WORKFLOW_SCHEMA_VERSION; version++) {
      const input = fixture(version);
      const before = structuredClone(input);
      deepFreeze(input);
      const output = migrateWorkflowDocument(input);
      expect(input).toEqual(before);
      expect(output).not.toBe(input);
    }
  });

  it('leaves documents from a newer app alone instead of guessing', () => {
    const future = { ...(fixture(CURRENT_WORKFLOW_SCHEMA_VERSION) as object), schemaVersion: CURRENT_WORKFLOW_SCHEMA_VERSION + 1 };
    expect(migrateWorkflowDocument(future)).toEqual(future);
  });

  it('passes non-objects through for the schema to reject', () => {
    expect(migrateWorkflowDocument(null)).toBeNull();
    expect(migrateWorkflowDocument('text')).toBe('text');
  });
});
