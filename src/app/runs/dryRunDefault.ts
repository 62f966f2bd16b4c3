import type { WorkflowGraph } from '../../domain/index.ts';
import type { HttpPort } from '../../engine/ports.ts';
import { connectionsUsed } from './connectionsUsed.ts';

/**
 * Dry run is on unless every connection the workflow uses points at the local sandbox: a test run
 * should not write to a real Zoho account by accident. An unknown connection counts as real.
 */
export async function dryRunByDefault(http: HttpPort, workflow: Pick<WorkflowGraph, 'nodes'>): Promise<boolean> {
  const infos = await Promise.all(connectionsUsed(workflow).map((linkName) => http.describe(linkName)));
  return infos.some((info) => !info?.isSandbox);
}
