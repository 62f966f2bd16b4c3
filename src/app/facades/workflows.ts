/**
 * What the workflows list and the canvas editor may use: storage, the engine's pure checks and the
 * workflow file format, wired together. The UI imports this file, never storage or the engine.
 */
import {
  AppError,
  WORKFLOW_TEMPLATES,
  parseWorkflowFile,
  serializeWorkflowFile,
  toWorkflowFile,
  type Connection,
  type RunStatus,
  type Workflow,
  type WorkflowFile,
  type WorkflowGraph,
} from '../../domain/index.ts';
import { createWorkflow, listConnections, listCustomServices, listRuns, listWorkflows, type WorkflowHistory } from '../../storage/index.ts';
import { validateWorkflow, type Problem, type ValidationContext } from '../../engine/validate.ts';
import { firstImportProblem } from '../../engine/importCheck.ts';
import { getDefaultService } from '../../catalog/index.ts';
import { navigate } from '../router.svelte.ts';
import { connectedHttp } from '../connectedHttp.ts';
import { listBooksOrganizations, type BooksOrganization } from '../runs/booksOrganizations.ts';

export {
  live,
  getWorkflow,
  saveWorkflow,
  renameWorkflow,
  duplicateWorkflow,
  deleteWorkflow,
  restoreWorkflow,
  getWorkflowHistory,
  saveWorkflowHistory,
  type LiveValue,
  type SaveResult,
  type WorkflowHistory,
} from '../../storage/index.ts';
export { validateWorkflow, nodeLabel, type Problem, type ProblemCode } from '../../engine/validate.ts';
export { operatorsFor, fieldLabel, needsValue } from '../../engine/conditions.ts';
export { describeRule, describeCondition, OPERATOR_LABELS } from '../words/conditions.ts';
export { BUILTIN_PARAMS } from '../../engine/functions/catalog.ts';
export { DELUGE_SYNC_TEMPLATE_NAME, delugeSyncFunctionConfig } from '../../engine/functions/delugeTemplate.ts';

export type HistoryRow = WorkflowHistory;
export type { BooksOrganization };

/** The organizations a Books connection can see, for the Organization ID picker. */
export function booksOrganizations(linkName: string, signal: AbortSignal): Promise<BooksOrganization[]> {
  return listBooksOrganizations(connectedHttp, linkName, signal);
}
export { stashDraft, readDraft, dropDraft, type WorkflowDraft } from '../drafts.ts';

/** A connection as the editor's pickers and the validator see it: no secrets, its service by link name. */
export interface ConnectionChoice {
  linkName: string;
  name: string;
  serviceLinkName: string;
  status: Connection['status'];
}

/** A connection's service is a default one from the catalog or a custom one stored by the person. */
export async function listConnectionChoices(): Promise<ConnectionChoice[]> {
  const [connections, custom] = await Promise.all([listConnections(), listCustomServices()]);
  const customLinkNames = new Map(custom.map((service) => [service.id, service.linkName]));
  return connections
    .map((connection) => ({
      linkName: connection.linkName,
      name: connection.name,
      serviceLinkName: customLinkNames.get(connection.serviceId) ?? getDefaultService(connection.serviceId)?.linkName ?? '',
      status: connection.status,
    }))
    .sort((a, b) => a.linkName.localeCompare(b.linkName));
}

export function validationContext(connections: readonly ConnectionChoice[]): ValidationContext {
  return { connections };
}

export function problemsOf(graph: WorkflowGraph, connections: readonly ConnectionChoice[]): Problem[] {
  return validateWorkflow(graph, validationContext(connections));
}

export interface WorkflowRow {
  workflow: Workflow;
  lastRun: { id: string; status: RunStatus; startedAt: number } | null;
}

/** The list page's query: every workflow, newest edit first, with its latest run. */
export async function listWorkflowRows(): Promise<WorkflowRow[]> {
  const workflows = await listWorkflows();
  const latest = await Promise.all(workflows.map((workflow) => listRuns({ workflowId: workflow.id, limit: 1 })));
  return workflows.map((workflow, i) => {
    const run = latest[i]?.[0];
    return { workflow, lastRun: run ? { id: run.id, status: run.status, startedAt: run.startedAt } : null };
  });
}

export const TEMPLATES = WORKFLOW_TEMPLATES.map(({ id, name, description }) => ({ id, name, description }));

export async function createBlankWorkflow(name = 'Untitled workflow'): Promise<Workflow> {
  return createWorkflow({ name });
}

export async function createFromTemplate(templateId: string): Promise<Workflow> {
  const template = WORKFLOW_TEMPLATES.find((t) => t.id === templateId);
  if (!template) throw new Error(`Unknown template "${templateId}"`);
  return createWorkflow(template.build());
}

export function openWorkflow(id: string): void {
  navigate(`#/workflows/${encodeURIComponent(id)}`);
}

async function serviceOfLinkName(): Promise<(linkName: string) => string | undefined> {
  const choices = await listConnectionChoices();
  const services = new Map(choices.map((c) => [c.linkName, c.serviceLinkName]));
  return (linkName) => services.get(linkName);
}

export async function exportWorkflowFile(workflow: Pick<Workflow, 'name' | 'nodes' | 'edges' | 'layout'>): Promise<string> {
  return serializeWorkflowFile(workflow, await serviceOfLinkName());
}

/** The workflow as its export file holds it (no secrets), for sending elsewhere. */
export async function workflowFileOf(workflow: Pick<Workflow, 'name' | 'nodes' | 'edges' | 'layout'>): Promise<WorkflowFile> {
  return toWorkflowFile(workflow, await serviceOfLinkName());
}

export interface ImportPreview {
  file: WorkflowFile;
  warnings: string[];
  connections: { linkName: string; service: string; exists: boolean; wrongService: boolean }[];
}

/** Refuses a graph the editor's validator finds broken: IMPORT_INVALID naming the first bad path. */
function assertImportableGraph(file: WorkflowFile): void {
  const problem = firstImportProblem(file);
  if (problem) throw new AppError('IMPORT_INVALID', `${problem.path}: ${problem.message}`, { path: problem.path });
}

/** Parses without writing anything; throws AppError IMPORT_INVALID naming the first bad path. */
export async function previewImport(text: string): Promise<ImportPreview> {
  const { file, warnings } = parseWorkflowFile(text);
  assertImportableGraph(file);
  const choices = new Map((await listConnectionChoices()).map((c) => [c.linkName, c]));
  return {
    file,
    warnings,
    connections: file.connections.map((ref) => {
      const existing = choices.get(ref.linkName);
      return {
        linkName: ref.linkName,
        service: ref.service,
        exists: existing !== undefined,
        wrongService: existing !== undefined && existing.serviceLinkName !== ref.service,
      };
    }),
  };
}

export async function importWorkflowFile(file: WorkflowFile): Promise<Workflow> {
  assertImportableGraph(file);
  return createWorkflow({ name: file.name, nodes: file.nodes, edges: file.edges, layout: file.layout });
}
