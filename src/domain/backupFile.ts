import { z } from 'zod';
import { Service } from './service.ts';
import { WorkflowFile, parseJsonFile, type ParsedFile } from './workflowFile.ts';

/**
 * A backup of everything a person made that is not a secret: every workflow (in its export form) and
 * every custom service. Connections are left out on purpose: they hold tokens, and restoring a token
 * into another browser is exactly what the vault exists to prevent.
 */
export const BACKUP_FILE_FORMAT = 'workflow-builder-backup/1';

export const BackupFile = z.object({
  format: z.literal(BACKUP_FILE_FORMAT),
  exportedAt: z.string().min(1),
  workflows: z.array(WorkflowFile),
  services: z.array(Service.refine((service) => service.kind === 'custom', { message: 'only custom services are backed up' })),
});
export type BackupFile = z.infer<typeof BackupFile>;

export function serializeBackupFile(content: { exportedAt: Date; workflows: WorkflowFile[]; services: Service[] }): string {
  const file = BackupFile.parse({
    format: BACKUP_FILE_FORMAT,
    exportedAt: content.exportedAt.toISOString(),
    workflows: content.workflows,
    services: [...content.services].sort((a, b) => a.linkName.localeCompare(b.linkName)),
  });
  return JSON.stringify(file, null, 2) + '\n';
}

/** Throws AppError IMPORT_INVALID naming the first bad path; nothing is written by parsing. */
export function parseBackupFile(text: string): ParsedFile<BackupFile> {
  return parseJsonFile(BackupFile, text);
}
