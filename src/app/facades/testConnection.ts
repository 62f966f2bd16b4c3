/**
 * The Connections page's Test connection: the service's cheap test request, sent with the engine's request
 * policy (a 401 gets one refreshed retry, transient failures back off) so a test behaves as a run would.
 */
import { resolveService, serviceContextOf } from '../../auth/index.ts';
import { TENANT_PLACEHOLDER, toErrorInfo, type ConnectionRequest, type ErrorInfo } from '../../domain/index.ts';
import { systemClock } from '../../engine/clock.ts';
import { createConnectionClient } from '../../engine/http/client.ts';
import { getConnection } from '../../storage/index.ts';
import { connectedHttp, wrongService } from '../connectedHttp.ts';

/** Long enough for a refresh and a retry against a slow provider, short enough that the person is not left waiting. */
const TEST_CONNECTION_TIMEOUT_MS = 30_000;

export interface TestOutcome {
  ok: boolean;
  status?: number;
  url?: string;
  mappedFrom?: string;
  message: string;
  code?: ErrorInfo['code'];
}

export async function testConnection(id: string): Promise<TestOutcome> {
  const connection = await getConnection(id);
  if (!connection) return { ok: false, message: 'This connection no longer exists.' };
  const service = await resolveService(connection.serviceId);
  const test = service?.testRequest;
  if (!test) return { ok: false, message: `${service?.name ?? 'This service'} has no test request. Use the connection in a function to try it.` };
  // The engine would only see "no such connection" here; say which tenant or data centre is missing instead.
  if (!(await serviceContextOf(connection))) return { ok: false, message: (await wrongService(connection)).message };
  const request: ConnectionRequest = {
    linkName: connection.linkName,
    method: test.method,
    url: test.url.replaceAll(TENANT_PLACEHOLDER, connection.tenant),
    ...(test.headers ? { headers: test.headers } : {}),
    ...(test.jsonBody !== undefined ? { body: { kind: 'json', value: test.jsonBody } } : {}),
  };
  const client = createConnectionClient({ port: connectedHttp, clock: systemClock, log: { emit() {} }, dryRun: false });
  try {
    const result = await client.request(request, { signal: AbortSignal.timeout(TEST_CONNECTION_TIMEOUT_MS) });
    const ok = result.status >= 200 && result.status < 300;
    const path = new URL(result.url).pathname;
    return {
      ok,
      status: result.status,
      url: result.url,
      ...(result.mappedFrom ? { mappedFrom: result.mappedFrom } : {}),
      message: ok
        ? `${test.method} ${path} answered ${result.status}.`
        : `${test.method} ${path} answered ${result.status}: ${result.bodyText.slice(0, 200)}`,
    };
  } catch (error) {
    const info = toErrorInfo(error);
    return { ok: false, message: info.message, code: info.code };
  }
}
