import type { Service } from '../domain/index.ts';
import { database } from './lifecycle.ts';
import { saveCustomService } from './services.ts';
import { createWorkflow, type NewWorkflow } from './workflows.ts';

/** Writes a whole restore in one transaction: either every service and workflow is added, or none. */
export async function restoreBackup(services: Service[], workflows: NewWorkflow[]): Promise<void> {
  const db = database();
  await db.transaction('rw', db.services, db.workflows, async () => {
    for (const service of services) await saveCustomService(service);
    for (const workflow of workflows) await createWorkflow(workflow);
  });
}
