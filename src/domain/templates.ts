import type { FunctionConfig, Layout, WorkflowEdge, WorkflowNode } from './workflow.ts';

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  build(): { name: string; nodes: WorkflowNode[]; edges: WorkflowEdge[]; layout: Layout };
}

/** Service link names of the roles a built-in function needs, so pickers can filter connections. */
export const BUILTIN_ROLES: Record<string, { role: string; label: string; serviceLinkNames: string[] }[]> = {
  sync_contact_to_books: [
    { role: 'bigin', label: 'Bigin connection', serviceLinkNames: ['zoho_bigin'] },
    { role: 'books', label: 'Zoho Books connection', serviceLinkNames: ['zoho_books'] },
  ],
};

export const SYNC_FUNCTION_NAME = 'Sync contact to Zoho Books';

export function syncContactFunctionConfig(): FunctionConfig {
  return {
    name: SYNC_FUNCTION_NAME,
    kind: 'builtin',
    builtin: { id: 'sync_contact_to_books', params: { organizationId: '' } },
    connections: { bigin: '', books: '' },
    arguments: [{ name: 'contact', type: 'map', from: 'record' }],
  };
}

/** The article's workflow: Contacts Create/Edit → Email is not empty → sync the contact to Books. */
export const BIGIN_BOOKS_SYNC_TEMPLATE: WorkflowTemplate = {
  id: 'bigin-books-contact-sync',
  name: 'Bigin → Books contact sync',
  description: 'When a Bigin contact is created or edited and its Email is not empty, create or update it in Zoho Books.',
  build: () => ({
    name: 'Bigin → Books contact sync',
    nodes: [
      { id: 'trigger', type: 'trigger', config: { module: 'Contacts', events: ['create', 'edit'], changedFields: [] } },
      {
        id: 'has_email',
        type: 'condition',
        config: { match: 'all', rules: [{ field: 'Email', op: 'is_not_empty', value: '', value2: '', values: [] }] },
      },
      { id: 'sync', type: 'function', config: syncContactFunctionConfig() },
    ],
    edges: [
      { id: 'e_trigger_has_email', source: 'trigger', target: 'has_email' },
      { id: 'e_has_email_sync', source: 'has_email', target: 'sync', branch: 'true' },
    ],
    layout: { nodes: { trigger: { x: 0, y: 0 }, has_email: { x: 0, y: 160 }, sync: { x: -120, y: 330 } } },
  }),
};

export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [BIGIN_BOOKS_SYNC_TEMPLATE];
