import { Service } from '../domain/index.ts';
import { database } from './lifecycle.ts';
import { parseRow, parseRows, toRow } from './parse.ts';

/** Custom services only; default services are catalog data and never stored. */
export async function listCustomServices(): Promise<Service[]> {
  return parseRows(Service, 'services', await database().services.toArray());
}

export async function getCustomService(id: string): Promise<Service | undefined> {
  return parseRow(Service, 'services', await database().services.get(id));
}

export async function saveCustomService(service: Service): Promise<Service> {
  const parsed = Service.parse({ ...service, updatedAt: Date.now() });
  await database().services.put(toRow(parsed));
  return parsed;
}

export async function deleteCustomService(id: string): Promise<void> {
  await database().services.delete(id);
}
