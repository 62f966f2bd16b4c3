import { getDefaultService, SANDBOX_DATA_CENTER_ID, SANDBOX_ORIGIN } from '../../src/catalog/index.ts';
import { connectionDataCenter, type Connection, type DataCenter, type Service } from '../../src/domain/index.ts';

export interface RunnerServiceContext {
  service: Service;
  /** The connection's data centre; the sandbox one points at the runner's configured sandbox. */
  dataCenter: DataCenter;
  tenant: string;
}

/** `http://127.0.0.1:4010` ↔ `http://localhost:4010`: one loopback server under its two usual names. */
export function loopbackTwin(origin: string): string | null {
  const url = new URL(origin);
  if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  else if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  else return null;
  return url.origin;
}

/**
 * The catalog's sandbox data centre names the sandbox the app was built against; the runner talks to
 * RUNNER_SANDBOX_URL instead. The sandbox calls itself `localhost` in `api_domain` and
 * `accounts-server`, so both loopback names of that one server are allowed API origins.
 */
export function sandboxDataCenter(dc: DataCenter, sandboxUrl: string): DataCenter {
  const origin = new URL(sandboxUrl).origin;
  const twin = loopbackTwin(origin);
  const swap = (value: string): string => (value === SANDBOX_ORIGIN ? origin : value);
  return {
    ...dc,
    accountsOrigin: origin,
    apiOrigins: twin ? [origin, twin] : [origin],
    hostMap: Object.fromEntries(Object.entries(dc.hostMap).map(([from, to]) => [from, swap(to)])),
  };
}

/** The accounts server the sandbox named, as the data centre spells it (its twin name is the same server). */
export function sameAccountsServer(dc: DataCenter, value: string | null): string | null {
  if (value === null || !dc.accountsOrigin || dc.id !== SANDBOX_DATA_CENTER_ID) return value;
  return loopbackTwin(value) === dc.accountsOrigin ? dc.accountsOrigin : value;
}

/** The runner knows the catalog's services only; a custom service of the app cannot be sent to it yet. */
export function serviceContextOf(
  connection: Pick<Connection, 'serviceId' | 'dataCenterId' | 'tenant'>,
  sandboxUrl: string,
): RunnerServiceContext | undefined {
  const service = getDefaultService(connection.serviceId);
  const found = service && connectionDataCenter(service, connection.dataCenterId, connection.tenant);
  if (!service || !found) return undefined;
  const dataCenter = found.id === SANDBOX_DATA_CENTER_ID ? sandboxDataCenter(found, sandboxUrl) : found;
  return { service, dataCenter, tenant: connection.tenant };
}
