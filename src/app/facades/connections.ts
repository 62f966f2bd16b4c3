import { CATEGORIES, DEFAULT_SERVICES, getDefaultService, SANDBOX_CLIENT_ID, SANDBOX_DATA_CENTER_ID } from '../../catalog/index.ts';
import {
  UNCHANGED,
  disconnect as disconnectAuth,
  hasClientSecret,
  deleteClientSecret,
  onVaultModeChange,
  resolveService,
  saveCredentials,
  savedCredentialFields,
  saveServiceSecret,
  startAuthorization,
  vaultKey,
  type CredentialInput,
  type VaultMode,
} from '../../auth/index.ts';
import {
  AppError,
  Connection,
  Service,
  findDataCenter,
  generateLinkName,
  isLinkNameLocked,
  linkNameProblem,
  newId,
  secureUrlProblem,
  tenantProblem,
  TENANT_PLACEHOLDER,
  toErrorInfo,
  type ErrorInfo,
} from '../../domain/index.ts';
import type { ConnectionRequest } from '../../engine/ports.ts';
import * as storage from '../../storage/index.ts';
import { connectedHttp } from '../connectedHttp.ts';
import { notices, type Notice } from '../notice.svelte.ts';
import { appOrigin, CALLBACK_PATH, redirectTo } from '../router.svelte.ts';

export { CATEGORIES, DEFAULT_SERVICES, SANDBOX_CLIENT_ID, SANDBOX_DATA_CENTER_ID, UNCHANGED, notices, type Notice, type VaultMode, type CredentialInput };
export { navigate } from '../router.svelte.ts';
export { live } from '../../storage/index.ts';
export type { Connection, Service, ErrorInfo };

export const listConnections = storage.listConnections;
export const listCustomServices = storage.listCustomServices;
export const getConnection = storage.getConnection;

/** The redirect URI registered with providers: byte-identical in authorize and token requests (RFC 9700 §4.1). */
export function redirectUri(): string {
  return appOrigin() + CALLBACK_PATH;
}

export function errorInfo(error: unknown): ErrorInfo {
  return toErrorInfo(error);
}

export function watchVaultMode(listener: (mode: VaultMode) => void): () => void {
  return onVaultModeChange(listener);
}

/** Opens the vault early so a browser that cannot store its key shows the session-only notice at once. */
export async function prepareVault(): Promise<void> {
  try {
    await vaultKey();
  } catch {
    notices.show({ tone: 'danger', message: 'The secret store is not available in this browser: connections cannot keep their keys.' });
  }
}

export const getService = resolveService;

export function defaultService(idOrLinkName: string): Service | undefined {
  return getDefaultService(idOrLinkName);
}

async function takenLinkNames(exceptId?: string): Promise<string[]> {
  return (await storage.listConnections()).filter((c) => c.id !== exceptId).map((c) => c.linkName);
}

export async function suggestLinkName(name: string, exceptId?: string): Promise<string> {
  return generateLinkName(name || 'connection', await takenLinkNames(exceptId));
}

export interface ConnectionForm {
  name: string;
  linkName: string;
  serviceId: string;
  dataCenterId: string;
  scopes: string[];
  clientId: string;
  /** Only for services with per-customer hosts (Service.tenant). */
  tenant?: string;
}

export type FieldErrors = Partial<Record<string, string>>;

export class FormError extends Error {
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields)[0] ?? 'Check the form');
    this.name = 'FormError';
  }
}

async function validateConnection(form: ConnectionForm, existing?: Connection): Promise<{ service: Service }> {
  const errors: FieldErrors = {};
  const service = await resolveService(form.serviceId);
  if (!service) throw new FormError({ service: 'This service no longer exists.' });
  if (!form.name.trim()) errors.name = 'Enter a connection name.';
  else if (form.name.trim().length > 100) errors.name = 'Use at most 100 characters.';
  const linkProblem = linkNameProblem(form.linkName);
  if (linkProblem) errors.linkName = linkProblem;
  else if ((await takenLinkNames(existing?.id)).includes(form.linkName)) errors.linkName = `Another connection already uses "${form.linkName}".`;
  if (existing && isLinkNameLocked(existing) && form.linkName !== existing.linkName) {
    errors.linkName = 'The link name is fixed once the connection has been authorized: functions refer to it.';
  }
  if (!findDataCenter(service, form.dataCenterId)) errors.dataCenterId = 'Choose a data centre.';
  const tenantIssue = tenantProblem(service, form.tenant?.trim() ?? '');
  if (tenantIssue) errors.tenant = tenantIssue;
  if (service.authType === 'oauth2') {
    if (form.scopes.length === 0 && (service.oauth2?.scopes.length ?? 0) > 0) errors.scopes = 'Choose at least one scope.';
    const known = new Set(service.oauth2?.scopes.map((s) => s.value));
    const unknown = form.scopes.filter((s) => !known.has(s));
    if (unknown.length > 0) errors.scopes = `Unknown scope: ${unknown.join(', ')}`;
    if (!form.clientId.trim() && !service.oauth2?.clientId) errors.clientId = `Enter the client ID registered with ${service.name}.`;
  }
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  return { service };
}

export async function createConnection(form: ConnectionForm): Promise<Connection> {
  await validateConnection(form);
  const now = Date.now();
  return storage.saveConnection(
    Connection.parse({
      id: newId('connection'),
      name: form.name.trim(),
      linkName: form.linkName,
      serviceId: form.serviceId,
      dataCenterId: form.dataCenterId,
      clientId: form.clientId.trim(),
      tenant: form.tenant?.trim() ?? '',
      scopesRequested: form.scopes,
      status: 'not_connected',
      createdAt: now,
      updatedAt: now,
    }),
  );
}

export async function updateConnectionDetails(id: string, form: ConnectionForm): Promise<Connection> {
  const existing = await storage.getConnection(id);
  if (!existing) throw new AppError('CONN_NOT_FOUND', 'This connection no longer exists.');
  await validateConnection(form, existing);
  const changedAuth =
    existing.dataCenterId !== form.dataCenterId || existing.clientId !== form.clientId.trim() || existing.tenant !== (form.tenant?.trim() ?? '');
  if (changedAuth && existing.status === 'connected') await disconnectAuth(id);
  const saved = await storage.updateConnection(id, (current) => ({
    ...current,
    name: form.name.trim(),
    linkName: form.linkName,
    dataCenterId: form.dataCenterId,
    clientId: form.clientId.trim(),
    tenant: form.tenant?.trim() ?? '',
    scopesRequested: form.scopes,
  }));
  if (!saved) throw new AppError('CONN_NOT_FOUND', 'This connection no longer exists.');
  return saved;
}

/** The client ID to prefill: the sandbox's public client for the Sandbox (local) data centre. */
export function prefilledClientId(service: Service, dataCenterId: string): string {
  if (service.kind === 'default' && dataCenterId === SANDBOX_DATA_CENTER_ID) return SANDBOX_CLIENT_ID;
  return service.oauth2?.clientId ?? '';
}

/** OAuth: leaves for the provider's consent page. Other types need `saveConnectionCredentials`. */
export async function connect(id: string): Promise<void> {
  const url = await startAuthorization(id, redirectUri());
  redirectTo(url);
}

export async function saveConnectionCredentials(id: string, input: CredentialInput): Promise<void> {
  await saveCredentials(id, input);
}

export const credentialFields = savedCredentialFields;

export async function disconnect(id: string): Promise<{ revoked: boolean }> {
  return disconnectAuth(id);
}

export async function deleteConnection(id: string): Promise<void> {
  await disconnectAuth(id);
  await storage.deleteConnection(id);
}

export interface TestOutcome {
  ok: boolean;
  status?: number;
  url?: string;
  mappedFrom?: string;
  message: string;
  code?: ErrorInfo['code'];
}

/** Runs the service's cheap test request; a 401 gets one refreshed retry, as the engine would. */
export async function testConnection(id: string): Promise<TestOutcome> {
  const connection = await storage.getConnection(id);
  if (!connection) return { ok: false, message: 'This connection no longer exists.' };
  const service = await resolveService(connection.serviceId);
  const test = service?.testRequest;
  if (!test) return { ok: false, message: `${service?.name ?? 'This service'} has no test request. Use the connection in a function to try it.` };
  const request: ConnectionRequest = {
    linkName: connection.linkName,
    method: test.method,
    url: test.url.replaceAll(TENANT_PLACEHOLDER, connection.tenant),
    ...(test.headers ? { headers: test.headers } : {}),
    ...(test.jsonBody !== undefined ? { body: { kind: 'json', value: test.jsonBody } } : {}),
  };
  try {
    const signal = AbortSignal.timeout(30_000);
    let result = await connectedHttp.send(request, { signal });
    if (result.status === 401) result = await connectedHttp.send(request, { signal, forceRefresh: true });
    const ok = result.status >= 200 && result.status < 300;
    return {
      ok,
      status: result.status,
      url: result.url,
      ...(result.mappedFrom ? { mappedFrom: result.mappedFrom } : {}),
      message: ok ? `${test.method} ${new URL(result.url).pathname} answered ${result.status}.` : `${test.method} ${new URL(result.url).pathname} answered ${result.status}: ${result.bodyText.slice(0, 200)}`,
    };
  } catch (error) {
    const info = toErrorInfo(error);
    return { ok: false, message: info.message, code: info.code };
  }
}

// ---- custom services ----

export interface ApiKeyRow {
  in: 'header' | 'query' | 'form';
  key: string;
  label: string;
}

export interface ServiceForm {
  name: string;
  linkName: string;
  authType: 'oauth2' | 'apikey' | 'basic' | 'none';
  apiOrigins: string;
  testUrl: string;
  clientId: string;
  /** A new secret, UNCHANGED to keep the saved one, or '' for none. */
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  refreshUrl: string;
  revokeUrl: string;
  issuer: string;
  scopes: string;
  scopeDelimiter: ',' | ' ' | '+';
  pkce: boolean;
  tokenHeader: string;
  apiKeys: ApiKeyRow[];
}

export const CUSTOM_CATEGORY = 'Custom';

export function emptyServiceForm(): ServiceForm {
  return {
    name: '',
    linkName: '',
    authType: 'oauth2',
    apiOrigins: '',
    testUrl: '',
    clientId: '',
    clientSecret: '',
    authorizeUrl: '',
    tokenUrl: '',
    refreshUrl: '',
    revokeUrl: '',
    issuer: '',
    scopes: '',
    scopeDelimiter: ' ',
    pkce: true,
    tokenHeader: 'Bearer {token}',
    apiKeys: [{ in: 'header', key: '', label: '' }],
  };
}

export async function serviceToForm(service: Service): Promise<ServiceForm> {
  const o = service.oauth2;
  return {
    ...emptyServiceForm(),
    name: service.name,
    linkName: service.linkName,
    authType: service.authType,
    apiOrigins: service.dataCenters[0]?.apiOrigins.join('\n') ?? '',
    testUrl: service.testRequest?.url ?? '',
    clientId: o?.clientId ?? '',
    clientSecret: (await hasClientSecret(service.id)) ? UNCHANGED : '',
    authorizeUrl: o?.authorizeUrl ?? '',
    tokenUrl: o?.tokenUrl ?? '',
    refreshUrl: o?.refreshUrl ?? '',
    revokeUrl: o?.revokeUrl ?? '',
    issuer: o?.issuer ?? '',
    scopes: (o?.scopes ?? []).map((s) => (s.label === s.value ? s.value : `${s.value} | ${s.label}`)).join('\n'),
    scopeDelimiter: o?.scopeDelimiter ?? ' ',
    pkce: o?.pkce ?? true,
    tokenHeader: o?.tokenHeader ?? 'Bearer {token}',
    apiKeys: service.apikey?.params.map((p) => ({ in: p.in, key: p.key, label: p.label })) ?? [{ in: 'header', key: '', label: '' }],
  };
}

function parseScopes(text: string): { value: string; label: string }[] {
  return text
    .split(/\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', label] = line.split('|').map((part) => part.trim());
      return { value, label: label || value };
    });
}

function originProblem(value: string): string | null {
  const problem = secureUrlProblem(value);
  if (problem) return problem;
  return new URL(value).origin === value.replace(/\/$/, '') ? null : `Enter only the origin, e.g. ${new URL(value).origin}`;
}

export async function connectionsUsing(serviceId: string): Promise<Connection[]> {
  return (await storage.listConnections()).filter((c) => c.serviceId === serviceId);
}

/** Validates the form field by field; saves the service and (in the vault) its client secret. */
export async function saveCustomServiceForm(form: ServiceForm, existingId?: string): Promise<Service> {
  const errors: FieldErrors = {};
  const required = (field: keyof ServiceForm, value: string, label: string) => {
    if (!value.trim()) errors[field] = `Enter the ${label}.`;
  };
  const url = (field: keyof ServiceForm, value: string, label: string, optional = false) => {
    if (!value.trim()) {
      if (!optional) errors[field] = `Enter the ${label}.`;
      return;
    }
    const problem = secureUrlProblem(value.trim());
    if (problem) errors[field] = problem;
  };
  required('name', form.name, 'service name');
  if (form.name.trim().length > 50) errors.name = 'Use at most 50 characters.';
  const linkProblem = linkNameProblem(form.linkName);
  if (linkProblem) errors.linkName = linkProblem;
  else {
    const custom = await storage.listCustomServices();
    const clash = getDefaultService(form.linkName) ?? custom.find((s) => s.linkName === form.linkName && s.id !== existingId);
    if (clash) errors.linkName = `"${form.linkName}" is already used by the service ${clash.name}.`;
  }
  const origins = form.apiOrigins.split(/[\s,]+/).map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
  if (origins.length === 0) errors.apiOrigins = 'Enter at least one API origin: only these hosts ever receive the credentials.';
  for (const origin of origins) {
    const problem = originProblem(origin);
    if (problem) errors.apiOrigins = `${origin}: ${problem}`;
  }
  if (form.testUrl.trim()) url('testUrl', form.testUrl, 'test request URL', true);
  const scopes = parseScopes(form.scopes);
  if (form.authType === 'oauth2') {
    required('clientId', form.clientId, 'client ID');
    url('authorizeUrl', form.authorizeUrl, 'authorize URL');
    url('tokenUrl', form.tokenUrl, 'access token URL');
    url('refreshUrl', form.refreshUrl, 'refresh token URL', true);
    url('revokeUrl', form.revokeUrl, 'revoke URL', true);
    url('issuer', form.issuer, 'issuer', true);
    if (!/\{token\}/.test(form.tokenHeader)) errors.tokenHeader = 'The header format must contain {token}, e.g. Bearer {token}.';
    if (!form.pkce && !form.clientSecret) errors.pkce = 'Without PKCE a client secret is required; keep PKCE on for browser apps.';
  }
  if (form.authType === 'apikey') {
    if (form.apiKeys.length === 0) errors.apiKeys = 'Add at least one parameter.';
    form.apiKeys.forEach((row, i) => {
      if (!row.key.trim()) errors[`apiKeys.${i}.key`] = 'Enter the parameter key the API expects, e.g. api_key.';
      else if (!/^[A-Za-z0-9_.-]+$/.test(row.key.trim())) errors[`apiKeys.${i}.key`] = 'Use letters, digits, "_", "-" or "." only.';
      if (!row.label.trim()) errors[`apiKeys.${i}.label`] = 'Enter the name shown when connecting.';
    });
  }
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  const now = Date.now();
  const previous = existingId ? await storage.getCustomService(existingId) : undefined;
  const id = previous?.id ?? newId('service');
  const candidate = {
    id,
    kind: 'custom',
    name: form.name.trim(),
    linkName: form.linkName,
    category: CUSTOM_CATEGORY,
    description: '',
    authType: form.authType,
    ...(form.authType === 'oauth2'
      ? {
          oauth2: {
            clientId: form.clientId.trim(),
            authorizeUrl: form.authorizeUrl.trim(),
            tokenUrl: form.tokenUrl.trim(),
            ...(form.refreshUrl.trim() ? { refreshUrl: form.refreshUrl.trim() } : {}),
            ...(form.revokeUrl.trim() ? { revokeUrl: form.revokeUrl.trim() } : {}),
            ...(form.issuer.trim() ? { issuer: form.issuer.trim() } : {}),
            scopes,
            scopeDelimiter: form.scopeDelimiter,
            pkce: form.pkce,
            extraAuthParams: {},
            tokenHeader: form.tokenHeader,
          },
        }
      : {}),
    ...(form.authType === 'apikey' ? { apikey: { params: form.apiKeys.map((r) => ({ in: r.in, key: r.key.trim(), label: r.label.trim(), secret: true })) } } : {}),
    ...(form.authType === 'basic' ? { basic: {} } : {}),
    dataCenters: [{ id: 'global', label: 'Default', apiOrigins: origins, hostMap: {} }],
    defaultDataCenterId: 'global',
    reach: 'direct',
    reachWhy: 'Your own service: it works from the browser when its token endpoint and API allow CORS from this app.',
    ...(form.testUrl.trim() ? { testRequest: { method: 'GET', url: form.testUrl.trim() } } : {}),
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
  const parsed = Service.safeParse(candidate);
  if (!parsed.success) {
    const fields: FieldErrors = {};
    for (const issue of parsed.error.issues) fields[issue.path.at(-1)?.toString() ?? 'form'] = issue.message;
    throw new FormError(fields);
  }
  const saved = await storage.saveCustomService(parsed.data);
  await saveServiceSecret(saved, form.authType === 'oauth2' ? form.clientSecret : '');
  return saved;
}

export async function deleteCustomService(id: string): Promise<void> {
  const users = await connectionsUsing(id);
  if (users.length > 0) {
    throw new AppError('VALIDATION', `Delete its connections first: ${users.map((c) => c.linkName).join(', ')}.`);
  }
  await deleteClientSecret(id);
  await storage.deleteCustomService(id);
}
