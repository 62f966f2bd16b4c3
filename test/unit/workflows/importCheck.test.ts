import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { importWorkflowFile, previewImport } from '../../../src/app/facades/workflows.ts';
import { AppError, BIGIN_BOOKS_SYNC_TEMPLATE, parseWorkflowFile, serializeWorkflowFile, type WorkflowGraph } from '../../../src/domain/index.ts';
import { AppDatabase, listWorkflows, resetDatabaseForTests } from '../../../src/storage/index.ts';

type Edit = (graph: WorkflowGraph) => void;

/** The template (steps trigger → has_email → sync) as an exported file, changed by `edit` before it is written. */
function fileText(edit: Edit = () => {}): string {
  const built = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  edit(built);
  return serializeWorkflowFile(built, () => undefined);
}

async function expectRefused(text: string, path: string, words: RegExp): Promise<void> {
  const error = await previewImport(text).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('IMPORT_INVALID');
  expect((error as AppError).details?.path).toBe(path);
  expect((error as AppError).message).toMatch(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `));
  expect((error as AppError).message).toMatch(words);
  await expect(importWorkflowFile(parseWorkflowFile(text).file)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
  expect(await listWorkflows()).toEqual([]);
}

beforeEach(() => resetDatabaseForTests(new AppDatabase(`import-${crypto.randomUUID()}`)));

describe('import runs the editor validation (regression: an edge to a missing step was imported)', () => {
  it('refuses an edge that points at a missing step and names the edge end', async () => {
    await expectRefused(
      fileText((g) => void (g.edges[1]!.target = 'n_gone')),
      'edges[1].target',
      /no longer exists \("n_gone"\)/,
    );
  });

  it('refuses an edge whose source is missing', async () => {
    await expectRefused(
      fileText((g) => void (g.edges[0]!.source = 'n_gone')),
      'edges[0].source',
      /no longer exists/,
    );
  });

  it('refuses a condition output used twice for the same step', async () => {
    await expectRefused(
      fileText((g) => void g.edges.push({ ...g.edges[1]!, id: 'e_copy' })),
      'edges[2]',
      /already connected/,
    );
  });

  it('refuses an edge into the trigger', async () => {
    await expectRefused(
      fileText((g) => void g.edges.push({ id: 'e_back', source: 'sync', target: 'trigger' })),
      'edges[2].target',
      /Nothing can lead into the trigger/,
    );
  });

  it('refuses a cycle', async () => {
    await expectRefused(
      fileText((g) => void g.edges.push({ id: 'e_loop', source: 'sync', target: 'has_email' })),
      'edges[2]',
      /makes a loop/,
    );
  });

  it('still imports an unfinished draft: no connections picked is not a broken graph', async () => {
    const preview = await previewImport(fileText());
    expect(preview.file.edges).toHaveLength(2);
    await importWorkflowFile(preview.file);
    expect(await listWorkflows()).toHaveLength(1);
  });
});
