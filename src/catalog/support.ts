import type { ServiceInput } from '../domain/service.ts';
import { globalDataCenter, preset, scopes } from './define.ts';

export const SUPPORT_SERVICES: ServiceInput[] = [
  preset({
    linkName: 'zendesk',
    name: 'Zendesk',
    category: 'Customer Support',
    description: 'Zendesk Support tickets, users, organizations and Help Center articles.',
    authType: 'oauth2',
    tenant: { label: 'Subdomain', hint: 'acme for acme.zendesk.com' },
    oauth2: {
      // A "public" OAuth client in Admin Center: no secret, PKCE required (Zendesk, "Using PKCE").
      authorizeUrl: 'https://{tenant}.zendesk.com/oauth/authorizations/new',
      tokenUrl: 'https://{tenant}.zendesk.com/oauth/tokens',
      scopes: scopes([
        ['read', 'Read everything you can see'],
        ['write', 'Create, update and delete everything you can change'],
        ['tickets:read', 'Read tickets'],
        ['tickets:write', 'Create and update tickets'],
        ['users:read', 'Read users'],
        ['users:write', 'Create and update users'],
        ['organizations:read', 'Read organizations'],
        ['organizations:write', 'Create and update organizations'],
        ['hc:read', 'Read Help Center content'],
        ['hc:write', 'Write Help Center content'],
      ]),
      scopeDelimiter: ' ',
      pkce: true,
    },
    dataCenters: globalDataCenter(['https://{tenant}.zendesk.com']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'The API allows browser (CORS) calls with OAuth tokens, but token endpoint CORS not documented.',
    testRequest: { method: 'GET', url: 'https://{tenant}.zendesk.com/api/v2/users/me.json', description: 'Reads the user behind the token.' },
    docsUrl: 'https://developer.zendesk.com/api-reference/',
  }),
  preset({
    linkName: 'freshdesk',
    name: 'Freshdesk',
    category: 'Customer Support',
    description: 'Freshdesk tickets, contacts, companies and agents.',
    // Freshdesk takes the API key as the Basic username with any password, "X" by convention
    // (developers.freshdesk.com/api/#authentication). Basic is the only auth type here that
    // base64-encodes "key:X"; an API-key header would make people encode it by hand.
    authType: 'basic',
    basic: { usernameLabel: 'API key', passwordLabel: 'Password (enter X)', usernameSecret: true },
    tenant: { label: 'Helpdesk subdomain', hint: 'acme for acme.freshdesk.com' },
    dataCenters: globalDataCenter(['https://{tenant}.freshdesk.com']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'Browser (CORS) access to the Freshdesk API is not documented.',
    testRequest: { method: 'GET', url: 'https://{tenant}.freshdesk.com/api/v2/agents/me', description: 'Reads the agent who owns the API key.' },
    docsUrl: 'https://developers.freshdesk.com/api/',
  }),
];
