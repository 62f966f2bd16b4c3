import { getDefaultService } from '../catalog/index.ts';
import { connectionDataCenter, type Connection, type DataCenter, type Service } from '../domain/index.ts';
import { getCustomService } from '../storage/index.ts';

/** A default service from the catalog, else a custom one from storage. */
export async function resolveService(serviceId: string): Promise<Service | undefined> {
  return getDefaultService(serviceId) ?? (await getCustomService(serviceId));
}

export interface ServiceContext {
  service: Service;
  /** With `{tenant}` already filled in for providers with per-customer hosts. */
  dataCenter: DataCenter;
  tenant: string;
}

export async function serviceContextOf(connection: Connection): Promise<ServiceContext | undefined> {
  const service = await resolveService(connection.serviceId);
  const dataCenter = service && connectionDataCenter(service, connection.dataCenterId, connection.tenant);
  return service && dataCenter ? { service, dataCenter, tenant: connection.tenant } : undefined;
}
