/**
 * Settings → Backup: every workflow and custom service in one file (never a connection or a secret),
 * and a restore of that file into this browser.
 */
import { newId, parseBackupFile, serializeBackupFile, toWorkflowFile, type BackupFile, type Service } from '../../domain/index.ts';
import { listCustomServices, listWorkflows, restoreBackup } from '../../storage/index.ts';
import { getDefaultService } from '../../catalog/index.ts';
import { listConnectionChoices } from './workflows.ts';

export interface BackupExport {
  fileName: string;
  text: string;
  workflows: number;
  services: number;
}

export async function exportBackup(now = new Date()): Promise<BackupExport> {
  const [workflows, services, choices] = await Promise.all([listWorkflows(), listCustomServices(), listConnectionChoices()]);
  const serviceOf = new Map(choices.map((c) => [c.linkName, c.serviceLinkName]));
  const text = serializeBackupFile({
    exportedAt: now,
    workflows: workflows.map((workflow) => toWorkflowFile(workflow, (linkName) => serviceOf.get(linkName))),
    services,
  });
  return { fileName: `workflow-builder-backup-${now.toISOString().slice(0, 10)}.json`, text, workflows: workflows.length, services: services.length };
}

export interface BackupPreview {
  backup: BackupFile;
  warnings: string[];
  /** Custom services whose link name is free here: they will be added. */
  newServices: Service[];
  /** Custom services whose link name this browser already uses: kept as they are here. */
  existingServices: Service[];
}

/** Parses without writing anything; throws AppError IMPORT_INVALID naming the first bad path. */
export async function previewBackup(text: string): Promise<BackupPreview> {
  const { data: backup, warnings } = parseBackupFile(text);
  const taken = new Set((await listCustomServices()).map((s) => s.linkName));
  const isTaken = (service: Service) => taken.has(service.linkName) || getDefaultService(service.linkName) !== undefined;
  return {
    backup,
    warnings,
    newServices: backup.services.filter((s) => !isTaken(s)),
    existingServices: backup.services.filter(isTaken),
  };
}

/** Adds the workflows as new ones (new ids) and the new custom services, all in one transaction. */
export async function importBackup(preview: BackupPreview): Promise<{ workflows: number; services: number }> {
  const services = preview.newServices.map((service) => ({ ...service, id: newId('service'), createdAt: Date.now() }));
  const workflows = preview.backup.workflows.map((file) => ({ name: file.name, nodes: file.nodes, edges: file.edges, layout: file.layout }));
  await restoreBackup(services, workflows);
  return { workflows: workflows.length, services: services.length };
}
