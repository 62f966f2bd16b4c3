/**
 * What the Connections page may do with connections: create, edit, authorize, disconnect, delete. Test
 * connection lives in testConnection.ts and custom services in services.ts; the UI imports these, never
 * storage or auth.
 */
import { CATEGORIES, DEFAULT_SERVICES, SANDBOX_CLIENT_ID, SANDBOX_DATA_CENTER_ID } from '../../catalog/index.ts';
import {
  UNCHANGED,
  disconnect as disconnectAuth,
  resolveService,
  startAuthorization,
  vaultKey,
  type CredentialInput,
  type VaultMode,
} from '../../auth/index.ts';
import {
  AppError,
  Connection,
  type Service,
  findDataCenter,
  generateLinkName,
  isLinkNameLocked,
  linkNameProblem,
  newId,
  tenantProblem,
  type ErrorInfo,
} from '../../domain/index.ts';
import * as storage from '../../storage/index.ts';
import { FormError, type FieldErrors } from './formError.ts';
import { notices, type Notice } from '../notice.svelte.ts';
import { appOrigin, CALLBACK_PATH, redirectTo } from '../router.svelte.ts';

export { FormError, type FieldErrors } from './formError.ts';
export { onVaultModeChange, resolveService, saveCredentials, savedCredentialFields } from '../../auth/index.ts';
export {
  CATEGORIES,
  DEFAULT_SERVICES,
  SANDBOX_CLIENT_ID,
  SANDBOX_DATA_CENTER_ID,
  UNCHANGED,
  notices,
  type Notice,
  type VaultMode,
  type CredentialInput,
};
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

/** Opens the vault early so a browser that cannot store its key shows the session-only notice at once. */
export async function prepareVault(): Promise<void> {
  try {
    await vaultKey();
  } catch {
    notices.show({ tone: 'danger', message: 'The secret store is not available in this browser: connections cannot keep their keys.' });
  }
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

export async function disconnect(id: string): Promise<{ revoked: boolean }> {
  return disconnectAuth(id);
}

export async function deleteConnection(id: string): Promise<void> {
  await disconnectAuth(id);
  await storage.deleteConnection(id);
}
