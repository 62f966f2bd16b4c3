import { checkRequest } from '../../src/auth/checked.ts';
import { SANDBOX_DATA_CENTER_ID } from '../../src/catalog/index.ts';
import { AppError, connectionStatusError, type Connection } from '../../src/domain/index.ts';
import type { ConnectionInfo, ConnectionRequest, HttpResult } from '../../src/engine/ports.ts';
import type { RunnerHttpFactory } from '../contracts.ts';
import type { RunnerConnection } from '../store/types.ts';
import { serviceContextOf, type RunnerServiceContext } from './serviceContext.ts';
import { createTokenKeeper } from './tokens.ts';

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

function encodeBody(req: ConnectionRequest, headers: Headers): string | undefined {
  const body = req.body;
  if (!body) return undefined;
  switch (body.kind) {
    case 'json':
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return JSON.stringify(body.value);
    case 'text':
      headers.set('content-type', body.contentType);
      return body.value;
    case 'form':
      headers.set('content-type', 'application/x-www-form-urlencoded');
      return new URLSearchParams(body.fields).toString();
  }
}

/**
 * The engine's HttpPort on the runner (the app's `connectedHttp`, with SQLite instead of IndexedDB):
 * link name → connection → data-centre mapping → origin allowlist → OAuth token → Node's fetch.
 * One attempt per call; retries and rate limits belong to the engine.
 */
export const createRunnerHttp: RunnerHttpFactory = (deps) => {
  const tokens = createTokenKeeper(deps);

  const contextOf = (connection: Connection): RunnerServiceContext => {
    const ctx = serviceContextOf(connection, deps.sandboxUrl);
    if (ctx) return ctx;
    throw new AppError(
      'CONN_WRONG_SERVICE',
      `The service or data centre of connection "${connection.linkName}" is not one the runner knows (it knows the app's built-in services only).`,
      { linkName: connection.linkName },
    );
  };

  async function usable(linkName: string): Promise<RunnerConnection> {
    const entry = await deps.connections.get(linkName);
    const refusal = connectionStatusError(linkName, entry?.connection.status);
    if (refusal || !entry) {
      throw refusal?.code === 'CONN_NOT_FOUND'
        ? new AppError('CONN_NOT_FOUND', `The runner has no connection "${linkName}". Run "npm run runner -- connect ${linkName}".`, { linkName })
        : refusal;
    }
    return entry;
  }

  async function checked(req: ConnectionRequest) {
    const entry = await usable(req.linkName);
    const ctx = contextOf(entry.connection);
    return { entry, ctx, request: checkRequest(ctx.service, ctx.dataCenter, entry.connection, req.url, req.query) };
  }

  return {
    async describe(linkName: string): Promise<ConnectionInfo | null> {
      const entry = await deps.connections.get(linkName);
      const ctx = entry && serviceContextOf(entry.connection, deps.sandboxUrl);
      if (!entry || !ctx) return null;
      return {
        linkName,
        serviceLinkName: ctx.service.linkName,
        serviceName: ctx.service.name,
        status: entry.connection.status,
        dataCenterId: entry.connection.dataCenterId,
        isSandbox: entry.connection.dataCenterId === SANDBOX_DATA_CENTER_ID,
        ...(ctx.service.rateLimit ? { rateLimit: ctx.service.rateLimit } : {}),
      };
    },

    async send(req, opts): Promise<HttpResult> {
      const { entry, ctx, request } = await checked(req);
      const oauth2 = ctx.service.oauth2;
      if (ctx.service.authType !== 'oauth2' || !oauth2) {
        throw new AppError('CONN_WRONG_SERVICE', `The runner sends only through OAuth connections; "${req.linkName}" uses ${ctx.service.authType}.`, {
          linkName: req.linkName,
        });
      }
      const headers = new Headers(req.headers ?? {});
      const accessToken = await tokens.accessToken(entry, opts.forceRefresh ? { forceRefresh: true } : {});
      headers.set(oauth2.tokenHeaderName, oauth2.tokenHeader.replace('{token}', accessToken));
      const body = encodeBody(req, headers);
      let response: Response;
      try {
        response = await fetch(request.url, { method: req.method, headers, ...(body === undefined ? {} : { body }), signal: opts.signal });
      } catch (error) {
        if (opts.signal.aborted) throw opts.signal.reason;
        throw new AppError(
          'HTTP_NETWORK',
          `No answer from ${new URL(request.url).origin} for connection "${req.linkName}": the server is down or unreachable (${error instanceof Error ? error.name : 'error'}).`,
          { linkName: req.linkName },
        );
      }
      const bodyText = await response.text();
      return {
        status: response.status,
        headers: headersOf(response),
        bodyText,
        url: request.url,
        ...(request.mappedFrom ? { mappedFrom: request.mappedFrom } : {}),
      };
    },

    async resolve(req) {
      const { request } = await checked(req);
      return { url: request.url, ...(request.mappedFrom ? { mappedFrom: request.mappedFrom } : {}) };
    },
  };
};
