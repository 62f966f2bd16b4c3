import type { ServiceInput } from '../domain/service.ts';
import { globalDataCenter, preset, scopes } from './define.ts';

export const FINANCE_SERVICES: ServiceInput[] = [
  preset({
    linkName: 'stripe',
    name: 'Stripe',
    category: 'Accounting & Payments',
    description: 'Customers, payments, invoices and subscriptions in Stripe.',
    authType: 'apikey',
    apikey: {
      params: [{ in: 'header', key: 'Authorization', label: 'Secret or restricted key', format: 'Bearer {value}', secret: true }],
    },
    dataCenters: globalDataCenter(['https://api.stripe.com']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'Stripe documents secret keys for server use only; browser (CORS) use of the API with them is not documented.',
    testRequest: { method: 'GET', url: 'https://api.stripe.com/v1/balance', description: 'Reads your balance.' },
    // Live-mode default; test mode allows fewer.
    rateLimit: { requests: 100, perMs: 1000 },
    docsUrl: 'https://docs.stripe.com/api',
  }),
  preset({
    linkName: 'xero',
    name: 'Xero',
    category: 'Accounting & Payments',
    description: 'Xero invoices, contacts, bank transactions and reports.',
    authType: 'oauth2',
    oauth2: {
      authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
      tokenUrl: 'https://identity.xero.com/connect/token',
      revokeUrl: 'https://identity.xero.com/connect/revocation',
      scopes: scopes([
        ['offline_access', 'Stay connected (refresh token)'],
        ['openid', 'Sign you in'],
        ['profile', 'Read your name'],
        ['email', 'Read your email address'],
        ['accounting.transactions', 'Read and write invoices, bills and payments'],
        ['accounting.transactions.read', 'Read invoices, bills and payments'],
        ['accounting.contacts', 'Read and write contacts'],
        ['accounting.contacts.read', 'Read contacts'],
        ['accounting.settings.read', 'Read organisation settings'],
        ['accounting.reports.read', 'Read reports'],
      ]),
      scopeDelimiter: ' ',
      pkce: true,
    },
    dataCenters: globalDataCenter(['https://api.xero.com']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'Xero supports PKCE, but its API and token endpoint do not support CORS.',
    testRequest: { method: 'GET', url: 'https://api.xero.com/connections', description: 'Lists the organisations you connected.' },
    // Per organisation (tenant).
    rateLimit: { requests: 60, perMs: 60_000, key: 'organization' },
    docsUrl: 'https://developer.xero.com/documentation/api/accounting/overview',
  }),
  preset({
    linkName: 'quickbooks',
    name: 'QuickBooks Online',
    category: 'Accounting & Payments',
    description: 'QuickBooks Online customers, invoices, payments and reports.',
    authType: 'oauth2',
    oauth2: {
      clientSecretRequired: true,
      authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
      tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      scopes: scopes([
        ['com.intuit.quickbooks.accounting', 'Read and write accounting data'],
        ['com.intuit.quickbooks.payment', 'Process payments'],
        ['openid', 'Sign you in'],
        ['profile', 'Read your name'],
        ['email', 'Read your email address'],
      ]),
      scopeDelimiter: ' ',
      pkce: false,
    },
    dataCenters: [
      {
        id: 'production',
        label: 'Production',
        apiOrigins: ['https://quickbooks.api.intuit.com', 'https://accounts.platform.intuit.com'],
        hostMap: {},
      },
      {
        id: 'development',
        label: 'Development (sandbox company)',
        apiOrigins: ['https://sandbox-quickbooks.api.intuit.com', 'https://sandbox-accounts.platform.intuit.com'],
        hostMap: {
          'https://quickbooks.api.intuit.com': 'https://sandbox-quickbooks.api.intuit.com',
          'https://accounts.platform.intuit.com': 'https://sandbox-accounts.platform.intuit.com',
        },
      },
    ],
    defaultDataCenterId: 'production',
    reach: 'needs-relay',
    reachWhy: 'Intuit exchanges the code with the client secret; token endpoint CORS not documented.',
    testRequest: {
      method: 'GET',
      url: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
      description: 'Reads your Intuit user (needs openid).',
    },
    // Per company (realm).
    rateLimit: { requests: 500, perMs: 60_000, key: 'organization' },
    docsUrl: 'https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/account',
  }),
];
