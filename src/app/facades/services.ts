/** What the Custom Services tab may do: turn a service into its form and back, with a specific error per field. */
import { getDefaultService } from '../../catalog/index.ts';
import { UNCHANGED, deleteClientSecret, hasClientSecret, saveServiceSecret } from '../../auth/index.ts';
import { AppError, Service, linkNameProblem, newId, secureUrlProblem, type Connection } from '../../domain/index.ts';
import * as storage from '../../storage/index.ts';
import { FormError, type FieldErrors } from './formError.ts';

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
  const origins = form.apiOrigins
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
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
    ...(form.authType === 'apikey'
      ? { apikey: { params: form.apiKeys.map((r) => ({ in: r.in, key: r.key.trim(), label: r.label.trim(), secret: true })) } }
      : {}),
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
