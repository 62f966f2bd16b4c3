/**
 * `invokeapi [ service: … path: … ]`: a Zoho API called by path, the domain taken from the
 * connection's data centre (https://zoho.com/deluge/help/webhook/invokeapitask.html). Only
 * the services the builder has connections for are mapped; it then runs as `invokeurl` on the
 * canonical US host, which the executor maps to the connection's data centre.
 */
import { invokeUrl, runtimeError, type CallContext } from './tasks-http.ts';
import { typeName, type Value } from './values.ts';

const ZOHO_APIS = 'https://www.zohoapis.com';

/** Service name (as scripts write it) → the first path segment of its API. */
const SERVICES = new Map([
  ['bigin', 'bigin'],
  ['zohobigin', 'bigin'],
  ['books', 'books'],
  ['zohobooks', 'books'],
]);

export async function invokeApi(attrs: Map<string, Value>, ctx: CallContext): Promise<Value> {
  const service = attrs.get('service');
  if (typeof service !== 'string' || service.trim() === '')
    throw runtimeError(
      ctx,
      `invokeapi: 'service' must be text such as "bigin" or "books", got ${service === undefined ? 'nothing' : service === null ? 'null' : typeName(service)}`,
    );
  const root = SERVICES.get(service.trim().toLowerCase());
  if (root === undefined)
    throw runtimeError(ctx, `invokeapi: the service "${service}" is not available here: supported services are bigin and books`);
  const path = attrs.get('path');
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw runtimeError(
      ctx,
      `invokeapi: 'path' must be text starting with '/', such as "/${root}/…", got ${typeof path === 'string' ? JSON.stringify(path.slice(0, 60)) : path === undefined ? 'nothing' : path === null ? 'null' : typeName(path)}`,
    );
  if (!path.toLowerCase().startsWith(`/${root}/`))
    throw runtimeError(
      ctx,
      `invokeapi: the path ${JSON.stringify(path.replace(/[?#].*$/, '').slice(0, 60))} is not a ${root} API path (it starts with /${root}/)`,
    );
  const request = new Map(attrs);
  request.delete('service');
  request.delete('path');
  request.set('url', ZOHO_APIS + path);
  // A Zoho service always needs credentials: no connection means the function's own for it.
  if (!request.has('connection') || request.get('connection') === null) request.set('connection', '');
  return invokeUrl(request, ctx, 'invokeapi');
}
