import { AppError, type ApiKeyParam } from '../domain/index.ts';
import type { ConnectionRequest } from '../domain/http.ts';
import { isChecked, type CheckedRequest } from './checked.ts';
import { policyRefusal } from './deps.ts';
import { readApiKeys, readBasic } from './secrets.ts';
import { transportFor } from './relayTransport.ts';
import { currentTokens, noteSent } from './tokens.ts';

export interface SentResponse {
  response: Response;
  url: string;
}

function notConnected(checked: CheckedRequest, what: string): AppError {
  const { linkName, name } = checked.connection;
  return new AppError('CONN_NOT_CONNECTED', `Connection "${linkName}" has no saved ${what}. Open Connections → ${name} → Connect and enter it.`, {
    linkName,
  });
}

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

interface Outgoing {
  url: URL;
  headers: Headers;
  form: URLSearchParams | null;
}

async function attachApiKeys(checked: CheckedRequest, params: ApiKeyParam[], out: Outgoing): Promise<void> {
  const values = await readApiKeys(checked.connection.id);
  if (!values) throw notConnected(checked, 'API key');
  for (const param of params) {
    const value = values[param.key];
    if (value === undefined || value === '') throw notConnected(checked, `value for "${param.label}"`);
    const formatted = param.format ? param.format.replace('{value}', value) : value;
    if (param.in === 'header') out.headers.set(param.key, formatted);
    else if (param.in === 'query') out.url.searchParams.set(param.key, formatted);
    else if (out.form) out.form.set(param.key, formatted);
    else {
      throw new AppError(
        'VALIDATION',
        `Connection "${checked.connection.linkName}" sends "${param.label}" as a form field, so the request body must be a form (not JSON or text).`,
      );
    }
  }
}

/**
 * Attaches the connection's credentials by auth type and sends — only for a request that passed
 * `checkRequest`. One attempt: retries belong to the engine.
 */
export async function sendChecked(
  checked: CheckedRequest,
  req: Pick<ConnectionRequest, 'method' | 'headers' | 'body'>,
  opts: { signal: AbortSignal; forceRefresh?: boolean },
): Promise<SentResponse> {
  if (!isChecked(checked)) throw new AppError('CONN_ORIGIN_NOT_ALLOWED', 'Refusing to attach credentials to a request that was not origin-checked.');
  const { service, connection } = checked;
  const out: Outgoing = {
    url: new URL(checked.url),
    headers: new Headers(req.headers ?? {}),
    form:
      req.body?.kind === 'form'
        ? new URLSearchParams(req.body.fields)
        : req.body === undefined && req.method !== 'GET'
          ? new URLSearchParams()
          : null,
  };
  let body: string | undefined;
  let credentialInQuery = false;
  if (service.authType === 'oauth2' && service.oauth2) {
    const tokens = await currentTokens(connection, opts.forceRefresh ? { forceRefresh: true } : {});
    noteSent(connection.id, tokens.version);
    out.headers.set(service.oauth2.tokenHeaderName, service.oauth2.tokenHeader.replace('{token}', tokens.accessToken));
  } else if (service.authType === 'apikey' && service.apikey) {
    await attachApiKeys(checked, service.apikey.params, out);
    credentialInQuery = service.apikey.params.some((p) => p.in === 'query');
  } else if (service.authType === 'basic') {
    const basic = await readBasic(connection.id);
    if (!basic) throw notConnected(checked, 'username and password');
    out.headers.set('authorization', `Basic ${base64Utf8(`${basic.username}:${basic.password}`)}`);
  }
  if (req.body?.kind === 'json') {
    body = JSON.stringify(req.body.value);
    if (!out.headers.has('content-type')) out.headers.set('content-type', 'application/json');
  } else if (req.body?.kind === 'text') {
    body = req.body.value;
    out.headers.set('content-type', req.body.contentType);
  } else if (out.form && out.form.size > 0) {
    body = out.form.toString();
    out.headers.set('content-type', 'application/x-www-form-urlencoded');
  }
  let response: Response;
  const transport = await transportFor(service);
  try {
    response = await transport.fetch(out.url, {
      method: req.method,
      headers: out.headers,
      ...(body !== undefined ? { body } : {}),
      signal: opts.signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      // A key in the query string would follow a redirect to any host; refuse redirects then.
      redirect: credentialInQuery ? 'error' : 'follow',
    });
  } catch (error) {
    if (opts.signal.aborted) throw opts.signal.reason;
    if (error instanceof AppError) throw error;
    const refused = await policyRefusal(out.url, { linkName: connection.linkName });
    if (refused) throw refused;
    throw new AppError(
      'HTTP_NETWORK',
      `No answer from ${out.url.origin} for connection "${connection.linkName}": the server is down or unreachable, or it does not allow calls from this app's origin (CORS). ${error instanceof Error ? error.name : ''}`.trim(),
      { linkName: connection.linkName },
    );
  }
  return { response, url: checked.url };
}
