import { SANDBOX_DATA_CENTER_ID } from '../catalog/index.ts';
import { checkRequest, sendChecked, serviceContextOf, resolveService, type CheckedRequest } from '../auth/index.ts';
import { AppError, connectionStatusError, isAppError, tenantProblem, type Connection } from '../domain/index.ts';
import type { ConnectionInfo, ConnectionRequest, HttpPort, HttpResult } from '../engine/ports.ts';
import { getConnectionByLinkName } from '../storage/index.ts';

function howToFix(linkName: string): string {
  return `Open Connections and create or reconnect a connection with link name "${linkName}", or pick another connection in the function.`;
}

/** A connection that may send: exists, authorized, not waiting for a reconnect. */
async function usableConnection(linkName: string): Promise<Connection> {
  const connection = await getConnectionByLinkName(linkName);
  const refusal = connectionStatusError(linkName, connection?.status);
  if (refusal || !connection) throw refusal;
  return connection;
}

/** A connection whose service, data centre or tenant no longer gives anywhere to send: says which and how to fix it. */
export async function wrongService(connection: Connection): Promise<AppError> {
  const { linkName } = connection;
  const service = await resolveService(connection.serviceId);
  const tenantIssue = service ? tenantProblem(service, connection.tenant) : null;
  const why = tenantIssue
    ? `${tenantIssue}: edit connection "${linkName}" under Connections.`
    : `The service or data centre of connection "${linkName}" no longer exists. ${howToFix(linkName)}`;
  return new AppError('CONN_WRONG_SERVICE', why, { linkName });
}

/** `navigator.onLine` false is certain, true only means "maybe online" (HTML Standard, "navigator.onLine"). */
function isOffline(): boolean {
  return globalThis.navigator?.onLine === false;
}

/** Plain words instead of a network error, and no retries: nothing can be reached until the device is back online. */
function offline(linkName: string, url: string): AppError {
  return new AppError(
    'HTTP_OFFLINE',
    `You are offline — "${linkName}" needs the network to reach ${new URL(url).host}. Connect to the internet and try again.`,
    { linkName },
  );
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

/** Link name → usable connection → data-centre mapping → origin allowlist; throws before anything is sent. */
async function checkedRequest(req: ConnectionRequest): Promise<CheckedRequest> {
  const connection = await usableConnection(req.linkName);
  const ctx = await serviceContextOf(connection);
  if (!ctx) throw await wrongService(connection);
  return checkRequest(ctx.service, ctx.dataCenter, connection, req.url, req.query);
}

/**
 * The engine's HttpPort (DESIGN.md flow 3): link name → connection → data-centre mapping → origin
 * allowlist → credentials (auth/) → fetch. One attempt; retries belong to the engine.
 */
export const connectedHttp: HttpPort = {
  async describe(linkName: string): Promise<ConnectionInfo | null> {
    const connection = await getConnectionByLinkName(linkName);
    if (!connection) return null;
    const ctx = await serviceContextOf(connection);
    if (!ctx) return null;
    return {
      linkName,
      serviceLinkName: ctx.service.linkName,
      serviceName: ctx.service.name,
      status: connection.status,
      dataCenterId: connection.dataCenterId,
      isSandbox: connection.dataCenterId === SANDBOX_DATA_CENTER_ID,
      ...(ctx.service.rateLimit ? { rateLimit: ctx.service.rateLimit } : {}),
    };
  },

  async send(req: ConnectionRequest, opts: { signal: AbortSignal; forceRefresh?: boolean }): Promise<HttpResult> {
    const checked = await checkedRequest(req);
    if (isOffline()) throw offline(req.linkName, checked.url);
    const { response, url } = await sendChecked(checked, req, opts).catch((error: unknown) => {
      throw isAppError(error) && error.code === 'HTTP_NETWORK' && isOffline() ? offline(req.linkName, checked.url) : error;
    });
    const bodyText = await response.text();
    return {
      status: response.status,
      headers: headersOf(response),
      bodyText,
      url,
      ...(checked.mappedFrom ? { mappedFrom: checked.mappedFrom } : {}),
    };
  },

  async resolve(req: ConnectionRequest): Promise<Pick<HttpResult, 'url' | 'mappedFrom'>> {
    const checked = await checkedRequest(req);
    return { url: checked.url, ...(checked.mappedFrom ? { mappedFrom: checked.mappedFrom } : {}) };
  },
};
