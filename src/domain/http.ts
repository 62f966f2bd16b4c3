/**
 * What a request through a connection looks like, and what comes back: shared by the engine (which writes
 * requests), auth (which checks and signs them) and the app (which sends them).
 */
import type { RateLimit } from './service.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RequestBody =
  { kind: 'json'; value: unknown } | { kind: 'form'; fields: Record<string, string> } | { kind: 'text'; value: string; contentType: string };

export interface ConnectionRequest {
  /** Which connection's credentials to use; the app resolves it. */
  linkName: string;
  method: HttpMethod;
  /** Written for the provider's main hosts (e.g. https://www.zohoapis.com/…); the app maps the data centre. */
  url: string;
  headers?: Record<string, string>;
  /** Merged into the URL's query string by `requestUrl()`. */
  query?: Record<string, string>;
  body?: RequestBody;
}

export interface HttpResult {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  bodyText: string;
  /** The URL actually requested, after data-centre mapping. */
  url: string;
  /** The URL as written, when the data-centre mapping changed it. */
  mappedFrom?: string;
  /** Set on the synthetic result of a write held back by a dry run; nothing was sent. */
  dryRun?: true;
}

export interface ConnectionInfo {
  linkName: string;
  serviceLinkName: string;
  serviceName: string;
  status: 'not_connected' | 'connected' | 'reauth_required' | 'error';
  dataCenterId: string;
  isSandbox: boolean;
  rateLimit?: RateLimit;
}
