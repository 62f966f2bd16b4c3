import type { z } from 'zod';
import { formatPath } from '../domain/index.ts';
import { reportStorageProblem } from './problems.ts';

/** Parses one stored row; a row that fails its schema is reported and skipped, never thrown. */
export function parseRow<S extends z.ZodType>(schema: S, table: string, row: unknown): z.infer<S> | undefined {
  if (row === undefined) return undefined;
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  reportDamagedRow(table, row, issue ? `${formatPath(issue.path)}: ${issue.message}` : 'invalid');
  return undefined;
}

/** The row itself is left as stored, so nothing is lost and it can still be recovered by hand. */
export function reportDamagedRow(table: string, row: unknown, reason: string): void {
  const rowId = typeof row === 'object' && row !== null && 'id' in row ? String((row as { id: unknown }).id) : undefined;
  reportStorageProblem({
    code: 'STORAGE_CORRUPT_ROW',
    table,
    ...(rowId === undefined ? {} : { rowId }),
    message: `A saved ${table} entry${rowId ? ` (${rowId})` : ''} is damaged and was skipped: ${reason}`,
  });
}

export function parseRows<S extends z.ZodType>(schema: S, table: string, rows: unknown[]): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  for (const row of rows) {
    const parsed = parseRow(schema, table, row);
    if (parsed !== undefined) out.push(parsed);
  }
  return out;
}

/** Rows go in as plain data: zod output objects are already plain, this drops `undefined` keys. */
export function toRow<T extends object>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
