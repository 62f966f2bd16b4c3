/** A read through a connection for the app's own forms, with the engine's one refresh on a 401. */
import { z } from 'zod';
import { AppError } from '../../domain/index.ts';
import type { ConnectionRequest, HttpPort, HttpResult } from '../../engine/ports.ts';

export async function readThrough(http: HttpPort, request: ConnectionRequest, signal: AbortSignal): Promise<HttpResult> {
  const result = await http.send(request, { signal });
  return result.status === 401 ? http.send(request, { signal, forceRefresh: true }) : result;
}

/** `what` failed: the service's own code and message when its error body has them, else the status. */
export function readFailure(what: string, linkName: string, result: HttpResult): AppError {
  let why = `HTTP ${result.status}`;
  try {
    const body = z.object({ code: z.union([z.string(), z.number()]), message: z.string() }).safeParse(JSON.parse(result.bodyText));
    if (body.success) why = `${body.data.message} (${body.data.code}, HTTP ${result.status})`;
  } catch {
    // A non-JSON answer keeps the bare status.
  }
  return new AppError('HTTP_STATUS', `${what} through "${linkName}": ${why}`, { linkName, status: result.status });
}

/** The answer's JSON, or HTTP_STATUS naming what was read. */
export function readJson(what: string, linkName: string, result: HttpResult): unknown {
  try {
    return JSON.parse(result.bodyText);
  } catch {
    throw new AppError('HTTP_STATUS', `${what} through "${linkName}" answered with something that is not JSON`, { linkName });
  }
}
