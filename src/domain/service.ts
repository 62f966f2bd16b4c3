import { z } from 'zod';
import { ServiceId } from './ids.ts';
import { LinkName } from './linkName.ts';
import { SecureOrigin, SecureUrl } from './url.ts';

export const AuthType = z.enum(['oauth2', 'apikey', 'basic', 'none']);
export type AuthType = z.infer<typeof AuthType>;

/** How far a pure browser app gets with this provider (PKCE, a public client without a secret, and CORS on its token endpoint; see docs/connections.md). */
export const BrowserReach = z.enum(['direct', 'implicit-only', 'needs-relay']);
export type BrowserReach = z.infer<typeof BrowserReach>;

export const Scope = z.object({ value: z.string().min(1), label: z.string().min(1) });
export type Scope = z.infer<typeof Scope>;

export const ScopeDelimiter = z.enum([',', ' ', '+']);

/**
 * Providers that give each customer a host of their own (`acme.myshopify.com`, `acme.zendesk.com`,
 * a Salesforce My Domain) write `{tenant}` in their origins and endpoints; the connection supplies it.
 */
export const TENANT_PLACEHOLDER = '{tenant}';
const withSampleTenant = (value: string) => value.replaceAll(TENANT_PLACEHOLDER, 'tenant');

/** An origin that may contain `{tenant}` in its host. */
const OriginTemplate = z.string().superRefine((value, ctx) => {
  const result = SecureOrigin.safeParse(withSampleTenant(value));
  if (!result.success) ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? 'Invalid origin' });
});

export const TenantConfig = z.object({
  label: z.string().min(1),
  hint: z.string().min(1),
  /** Letters, digits and hyphens: a tenant becomes part of a host name. */
  pattern: z.string().default('^[a-z0-9][a-z0-9-]{0,62}$'),
});
export type TenantConfig = z.infer<typeof TenantConfig>;

/**
 * One data centre of a provider. `hostMap` rewrites URLs written for the provider's main hosts
 * (e.g. https://www.zohoapis.com) to this data centre's hosts; `apiOrigins` are the only origins
 * that may ever receive this connection's credentials.
 */
export const DataCenter = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  accountsOrigin: OriginTemplate.optional(),
  apiOrigins: z.array(OriginTemplate).min(1),
  hostMap: z.record(z.string(), OriginTemplate).default({}),
});
export type DataCenter = z.infer<typeof DataCenter>;

/** Endpoint URLs may contain `{accounts}`, replaced by the data centre's accounts origin. */
const EndpointTemplate = z.string().superRefine((value, ctx) => {
  const sample = withSampleTenant(value.replace('{accounts}', 'https://accounts.example.com'));
  const result = SecureUrl.safeParse(sample);
  if (!result.success) ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? 'Invalid URL' });
});

export const OAuth2Config = z.object({
  clientId: z.string().default(''),
  clientSecretRequired: z.boolean().default(false),
  authorizeUrl: EndpointTemplate,
  tokenUrl: EndpointTemplate,
  refreshUrl: EndpointTemplate.optional(),
  revokeUrl: EndpointTemplate.optional(),
  /** RFC 8414 issuer; when set, the callback's `iss` must equal it (RFC 9207). */
  issuer: z.string().optional(),
  scopes: z.array(Scope),
  scopeDelimiter: ScopeDelimiter.default(' '),
  pkce: z.boolean().default(true),
  extraAuthParams: z.record(z.string(), z.string()).default({}),
  /** How the access token is sent, e.g. `Zoho-oauthtoken {token}` or `Bearer {token}`. */
  tokenHeader: z
    .string()
    .regex(/\{token\}/, 'must contain {token}')
    .default('Bearer {token}'),
  /** The header that carries it; Shopify's Admin API reads `X-Shopify-Access-Token`, not Authorization. */
  tokenHeaderName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be a header name')
    .default('Authorization'),
});
export type OAuth2Config = z.infer<typeof OAuth2Config>;

export const ApiKeyParam = z.object({
  in: z.enum(['header', 'query', 'form']),
  key: z.string().min(1).max(100),
  label: z.string().min(1).max(100),
  /** e.g. `Bearer {value}`; the value alone when absent. */
  format: z
    .string()
    .regex(/\{value\}/)
    .optional(),
  secret: z.boolean().default(true),
});
export type ApiKeyParam = z.infer<typeof ApiKeyParam>;

export const ApiKeyConfig = z.object({ params: z.array(ApiKeyParam).min(1, 'Add at least one parameter') });

export const BasicConfig = z.object({
  usernameLabel: z.string().default('Username'),
  passwordLabel: z.string().default('Password'),
  /** Some APIs put the key in the username (Freshdesk: API key as user, "X" as password). */
  usernameSecret: z.boolean().default(false),
});

export const TestRequest = z.object({
  method: z.enum(['GET', 'POST']),
  url: z.string().min(1),
  /** Non-secret headers some APIs require (e.g. Notion-Version). */
  headers: z.record(z.string(), z.string()).optional(),
  /** JSON body for POST checks (e.g. a GraphQL query). */
  jsonBody: z.unknown().optional(),
  description: z.string().optional(),
});

export const RateLimit = z.object({
  requests: z.number().int().positive(),
  perMs: z.number().int().positive(),
  /** Zoho Books counts per organization; others per connection. */
  key: z.enum(['connection', 'organization']).default('connection'),
});
export type RateLimit = z.infer<typeof RateLimit>;

export const Service = z
  .object({
    id: ServiceId,
    kind: z.enum(['default', 'custom']),
    name: z.string().min(1).max(50),
    linkName: LinkName,
    category: z.string().min(1),
    description: z.string().default(''),
    authType: AuthType,
    tenant: TenantConfig.optional(),
    oauth2: OAuth2Config.optional(),
    apikey: ApiKeyConfig.optional(),
    basic: BasicConfig.optional(),
    dataCenters: z.array(DataCenter).min(1),
    defaultDataCenterId: z.string(),
    reach: BrowserReach,
    reachWhy: z.string().min(1),
    testRequest: TestRequest.optional(),
    rateLimit: RateLimit.optional(),
    docsUrl: z.string().optional(),
    createdAt: z.number().optional(),
    updatedAt: z.number().optional(),
  })
  .superRefine((service, ctx) => {
    if (service.authType === 'oauth2' && !service.oauth2)
      ctx.addIssue({ code: 'custom', path: ['oauth2'], message: 'OAuth 2.0 settings are required' });
    if (service.authType === 'apikey' && !service.apikey)
      ctx.addIssue({ code: 'custom', path: ['apikey'], message: 'API key parameters are required' });
    if (!service.dataCenters.some((dc) => dc.id === service.defaultDataCenterId))
      ctx.addIssue({ code: 'custom', path: ['defaultDataCenterId'], message: 'must name one of dataCenters' });
    const usesAccounts = [service.oauth2?.authorizeUrl, service.oauth2?.tokenUrl].some((u) => u?.includes('{accounts}'));
    if (usesAccounts && service.dataCenters.some((dc) => !dc.accountsOrigin))
      ctx.addIssue({ code: 'custom', path: ['dataCenters'], message: 'every data centre needs accountsOrigin' });
  });
export type Service = z.infer<typeof Service>;
export type ServiceInput = z.input<typeof Service>;

export function findDataCenter(service: Service, id: string): DataCenter | undefined {
  return service.dataCenters.find((dc) => dc.id === id);
}

/** Fills `{accounts}` in an endpoint template for one data centre (already tenant-resolved). */
export function resolveEndpoint(template: string, dc: DataCenter, tenant = ''): string {
  const filled = dc.accountsOrigin ? template.replace('{accounts}', dc.accountsOrigin) : template;
  return tenant ? filled.replaceAll(TENANT_PLACEHOLDER, tenant) : filled;
}

export function tenantProblem(service: Pick<Service, 'tenant'>, tenant: string): string | null {
  if (!service.tenant) return null;
  if (!tenant) return `Enter your ${service.tenant.label}`;
  return new RegExp(service.tenant.pattern).test(tenant) ? null : `${service.tenant.label} may use only lower-case letters, digits and "-"`;
}

/**
 * The data centre a connection talks to, with its `{tenant}` filled in. Undefined when the id is
 * unknown or the service needs a tenant the connection lacks, so no request can reach a template host.
 */
export function connectionDataCenter(service: Service, dataCenterId: string, tenant = ''): DataCenter | undefined {
  const dc = findDataCenter(service, dataCenterId);
  if (!dc) return undefined;
  if (!service.tenant) return dc;
  if (tenantProblem(service, tenant)) return undefined;
  const fill = (value: string) => value.replaceAll(TENANT_PLACEHOLDER, tenant);
  return {
    ...dc,
    ...(dc.accountsOrigin ? { accountsOrigin: fill(dc.accountsOrigin) } : {}),
    apiOrigins: dc.apiOrigins.map(fill),
    hostMap: Object.fromEntries(Object.entries(dc.hostMap).map(([from, to]) => [fill(from), fill(to)])),
  };
}
