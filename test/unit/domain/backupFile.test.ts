import { describe, expect, it } from 'vitest';
import {
  AppError,
  BACKUP_FILE_FORMAT,
  BIGIN_BOOKS_SYNC_TEMPLATE,
  Service,
  parseBackupFile,
  serializeBackupFile,
  toWorkflowFile,
} from '../../../src/domain/index.ts';
import { getDefaultService } from '../../../src/catalog/index.ts';

const custom = Service.parse({
  id: 'svc_custom0001',
  kind: 'custom',
  name: 'Local API',
  linkName: 'local_api',
  category: 'Custom',
  authType: 'none',
  dataCenters: [{ id: 'global', label: 'Global', apiOrigins: ['http://localhost:9000'], hostMap: {} }],
  defaultDataCenterId: 'global',
  reach: 'direct',
  reachWhy: 'Local.',
});

function backupText(services: Service[] = [custom]): string {
  const workflow = toWorkflowFile(BIGIN_BOOKS_SYNC_TEMPLATE.build(), () => undefined);
  return serializeBackupFile({ exportedAt: new Date('2026-12-04T10:00:00Z'), workflows: [workflow], services });
}

function importError(text: string): AppError {
  try {
    parseBackupFile(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe('backup file', () => {
  it('round-trips workflows and custom services', () => {
    const { data, warnings } = parseBackupFile(backupText());
    expect(data.format).toBe(BACKUP_FILE_FORMAT);
    expect(data.exportedAt).toBe('2026-12-04T10:00:00.000Z');
    expect(data.workflows.map((w) => w.name)).toEqual(['Bigin → Books contact sync']);
    expect(data.services).toEqual([custom]);
    expect(warnings).toEqual([]);
  });

  it('names the first bad path and refuses a default service', () => {
    const broken = JSON.parse(backupText()) as { workflows: { edges: unknown }[] };
    if (broken.workflows[0]) broken.workflows[0].edges = 7;
    expect(importError(JSON.stringify(broken))).toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/^workflows\[0\]\.edges: /) });
    const bigin = getDefaultService('zoho_bigin');
    if (!bigin) throw new Error('catalog changed');
    expect(() => serializeBackupFile({ exportedAt: new Date(), workflows: [], services: [bigin] })).toThrow(/only custom services/);
    expect(importError('{"format": "workflow/1"}').code).toBe('IMPORT_INVALID');
    expect(importError('not json').message).toMatch(/^The file is not valid JSON/);
  });

  it('drops secret-looking and unknown keys with a warning for each', () => {
    const withExtras = JSON.parse(backupText()) as { services: Record<string, unknown>[]; note?: string };
    if (withExtras.services[0]) withExtras.services[0].client_secret = 'planted-secret';
    withExtras.note = 'hello';
    const { data, warnings } = parseBackupFile(JSON.stringify(withExtras));
    expect(JSON.stringify(data)).not.toContain('planted-secret');
    expect(warnings).toEqual(['Removed services[0].client_secret: exported files never carry secrets', 'Ignored unknown field note']);
  });
});
