import type { LogEntry, Run } from '../../domain/index.ts';
import { redactValue } from '../../engine/redact.ts';

export const RUN_EXPORT_FORMAT = 'run/1';

/**
 * A run and its full log as JSON. Both were redacted when written; they pass through the redactor
 * once more so an export can never carry a secret even if an older row escaped it.
 */
export function serializeRunExport(run: Run, log: readonly LogEntry[], exportedAt: number): string {
  return JSON.stringify(redactValue({ format: RUN_EXPORT_FORMAT, exportedAt: new Date(exportedAt).toISOString(), run, log }), null, 2);
}

export function runExportFileName(run: Pick<Run, 'id' | 'workflowName'>): string {
  const slug =
    run.workflowName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workflow';
  return `${slug}-${run.id}.json`;
}
