import { getDefaultService, SANDBOX_DATA_CENTER_ID } from '../../src/catalog/index.ts';
import { connectionsUsed } from '../../src/app/runs/connectionsUsed.ts';
import {
  Checkpoint,
  formatPath,
  newId,
  parseWorkflowFile,
  TriggerState,
  Workflow,
  type ConnectionStatus,
  type WorkflowFile,
} from '../../src/domain/index.ts';
import { firstImportProblem } from '../../src/engine/importCheck.ts';
import type { RunnerStore } from '../store/types.ts';
import { RunnerError } from '../errors.ts';
import { fileWorkflowId, sentWorkflowId, sourceIdOf } from './ids.ts';

export interface WorkflowItem {
  id: string;
  sourceId: string | null;
  name: string;
  revision: number;
  active: boolean;
  linkNames: { linkName: string; service: string; status: ConnectionStatus | 'missing' }[];
  trigger: { lastPollAt: number | null; lastSuccessAt: number | null; nextPollAt: number | null; trouble: { code: string; message: string } | null };
}

export interface AddRequest {
  /** New connections go to the sandbox's data centre (RUNNER_SANDBOX_URL is set). */
  preferSandbox: boolean;
  /** The workflow/1 file, as text (a file on disk) or as parsed JSON (the API body). */
  file: string | unknown;
  sourceId?: unknown;
  checkpoint?: unknown;
  active?: boolean;
}

export interface AddResult {
  item: WorkflowItem;
  created: boolean;
  warnings: string[];
}

/** parseWorkflowFile and the editor's graph check: IMPORT_INVALID naming the first bad path. */
export function parseFile(file: string | unknown): { file: WorkflowFile; warnings: string[] } {
  let parsed: { file: WorkflowFile; warnings: string[] };
  try {
    parsed = parseWorkflowFile(typeof file === 'string' ? file : JSON.stringify(file ?? null));
  } catch (error) {
    throw new RunnerError('RUNNER_BAD_WORKFLOW', `Not a workflow/1 file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problem = firstImportProblem(parsed.file);
  if (problem) throw new RunnerError('RUNNER_BAD_WORKFLOW', `The workflow cannot run: ${problem.path}: ${problem.message}`);
  return parsed;
}

function parseCheckpoint(value: unknown): Checkpoint | null {
  if (value === undefined || value === null) return null;
  const parsed = Checkpoint.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RunnerError(
    'RUNNER_BAD_REQUEST',
    `checkpoint.${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid value'} (send the browser's trigger checkpoint, or none).`,
  );
}

export async function describeWorkflow(store: RunnerStore, workflow: Workflow): Promise<WorkflowItem> {
  const state = await store.live.state(workflow.id);
  const linkNames = await Promise.all(
    connectionsUsed(workflow).map(async (linkName) => {
      const entry = await store.connections.get(linkName);
      const service = entry ? (getDefaultService(entry.connection.serviceId)?.linkName ?? entry.connection.serviceId) : '';
      return { linkName, service, status: entry ? entry.connection.status : ('missing' as const) };
    }),
  );
  return {
    id: workflow.id,
    sourceId: sourceIdOf(workflow.id),
    name: workflow.name,
    revision: workflow.revision,
    active: state?.active ?? false,
    linkNames,
    trigger: {
      lastPollAt: state?.lastPollAt ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      nextPollAt: state?.nextPollAt ?? null,
      trouble: state?.trouble ? { code: state.trouble.code, message: state.trouble.message } : null,
    },
  };
}

/** A connection the workflow names but the runner lacks: listed as not connected until `connect`. */
async function placeConnections(store: RunnerStore, file: WorkflowFile, now: number, preferSandbox: boolean): Promise<string[]> {
  const warnings: string[] = [];
  for (const ref of file.connections) {
    if (await store.connections.get(ref.linkName)) continue;
    const service = getDefaultService(ref.service);
    if (!service) {
      warnings.push(
        `Connection "${ref.linkName}" uses service "${ref.service}", which the runner does not know (it knows the app's built-in services only).`,
      );
      continue;
    }
    const hasSandbox = service.dataCenters.some((dc) => dc.id === SANDBOX_DATA_CENTER_ID);
    const dataCenterId = preferSandbox && hasSandbox ? SANDBOX_DATA_CENTER_ID : service.defaultDataCenterId;
    await store.connections.put({
      connection: {
        id: newId('connection'),
        name: ref.linkName,
        linkName: ref.linkName,
        serviceId: service.id,
        dataCenterId,
        tenant: '',
        clientId: '',
        scopesRequested: [],
        scopesGranted: [],
        status: 'not_connected',
        expiresAt: null,
        authorizedAt: null,
        lastRefreshAt: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      },
      sealedSecrets: null,
    });
  }
  return warnings;
}

/**
 * The browser's switch (src/storage/triggers.ts): off drops the checkpoint, the changes not yet run
 * and the snapshots; on starts from a baseline — or from the browser's checkpoint when the app hands
 * the trigger over, so nothing the browser had not run yet is missed.
 */
async function switchTrigger(
  store: RunnerStore,
  workflowId: string,
  state: TriggerState | undefined,
  active: boolean,
  checkpoint: Checkpoint | null,
  now: number,
): Promise<void> {
  await store.live.forget(workflowId);
  await store.live.putState(
    TriggerState.parse({
      workflowId,
      active,
      activatedAt: active ? now : (state?.activatedAt ?? null),
      pollIntervalMs: state?.pollIntervalMs ?? null,
      checkpoint: active ? checkpoint : null,
      nextPollAt: active ? now : null,
      updatedAt: now,
    }),
  );
}

/** Adds a workflow, or replaces the one sent from the same app workflow in place, keeping its trigger state. */
export async function addWorkflow(store: RunnerStore, request: AddRequest, now: number): Promise<AddResult> {
  const { file, warnings } = parseFile(request.file);
  const id = request.sourceId === undefined || request.sourceId === null ? fileWorkflowId() : sentWorkflowId(request.sourceId);
  const checkpoint = parseCheckpoint(request.checkpoint);
  const existing = await store.workflows.get(id);
  const workflow = Workflow.parse({
    id,
    name: file.name,
    schemaVersion: 2,
    nodes: file.nodes,
    edges: file.edges,
    layout: file.layout,
    revision: existing ? existing.revision + 1 : 0,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  await store.workflows.put(workflow);
  const state = await store.live.state(id);
  const active = request.active ?? state?.active ?? true;
  if (!state || active !== state.active) await switchTrigger(store, id, state, active, checkpoint, now);
  warnings.push(...(await placeConnections(store, file, now, request.preferSandbox)));
  return { item: await describeWorkflow(store, workflow), created: !existing, warnings };
}

export async function getItem(store: RunnerStore, workflowId: string): Promise<WorkflowItem> {
  const workflow = await store.workflows.get(workflowId);
  if (!workflow) throw new RunnerError('RUNNER_NOT_FOUND', `The runner has no workflow "${workflowId}"; "npm run runner -- workflows" lists them.`);
  return describeWorkflow(store, workflow);
}

export async function setActive(store: RunnerStore, workflowId: string, active: boolean, now: number): Promise<WorkflowItem> {
  await getItem(store, workflowId);
  const state = await store.live.state(workflowId);
  if (!state || state.active !== active) await switchTrigger(store, workflowId, state, active, null, now);
  return getItem(store, workflowId);
}

export async function removeWorkflow(store: RunnerStore, workflowId: string): Promise<void> {
  await getItem(store, workflowId);
  await store.live.forget(workflowId);
  await store.workflows.remove(workflowId);
}

export async function listItems(store: RunnerStore): Promise<WorkflowItem[]> {
  return Promise.all((await store.workflows.list()).map((workflow) => describeWorkflow(store, workflow)));
}

/**
 * A workflow waiting for a connection polls again at its next interval (a minute for a real provider);
 * once the connection is authorized it is asked to poll now, as "Check now" does in the app.
 */
export async function checkWorkflowsUsing(store: RunnerStore, linkName: string, now: number): Promise<number> {
  let asked = 0;
  for (const workflow of await store.workflows.list()) {
    if (!connectionsUsed(workflow).includes(linkName)) continue;
    const state = await store.live.state(workflow.id);
    if (!state?.active) continue;
    await store.live.updateState(workflow.id, { checkRequestedAt: now, nextPollAt: now });
    asked += 1;
  }
  return asked;
}
