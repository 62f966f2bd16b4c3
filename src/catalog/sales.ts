import type { DataCenter, ServiceInput } from '../domain/service.ts';
import { globalDataCenter, preset, scopes } from './define.ts';

/**
 * Mailchimp keeps each account in one data centre ("us6" …), shown in the account's admin URL and
 * returned by login.mailchimp.com/oauth2/metadata; API calls go to https://<dc>.api.mailchimp.com.
 */
const MAILCHIMP_DC_COUNT = 21;
const MAILCHIMP_DATA_CENTERS: DataCenter[] = Array.from({ length: MAILCHIMP_DC_COUNT }, (_, i) => {
  const dc = `us${i + 1}`;
  const api = `https://${dc}.api.mailchimp.com`;
  return {
    id: dc,
    label: dc,
    apiOrigins: [api, 'https://login.mailchimp.com'],
    hostMap: { 'https://us1.api.mailchimp.com': api },
  };
});

const SALESFORCE_PRODUCTION = 'https://{tenant}.my.salesforce.com';

/**
 * Salesforce serves each org at its My Domain; sandboxes and Developer Edition orgs get their own
 * suffix. OAuth runs on the My Domain too: its token endpoint is the only one Salesforce lets a
 * browser call (help: "Enable CORS for OAuth Endpoints"; login.salesforce.com is not supported).
 */
function salesforceDataCenter(id: string, label: string, host: string): DataCenter {
  const origin = `https://{tenant}.${host}`;
  return {
    id,
    label,
    accountsOrigin: origin,
    apiOrigins: [origin],
    hostMap: origin === SALESFORCE_PRODUCTION ? {} : { [SALESFORCE_PRODUCTION]: origin },
  };
}

export const SALES_SERVICES: ServiceInput[] = [
  preset({
    linkName: 'salesforce',
    name: 'Salesforce',
    category: 'CRM & Sales',
    description: 'Salesforce records, SOQL queries and metadata through the REST API of your org.',
    authType: 'oauth2',
    tenant: {
      label: 'My Domain name',
      hint: 'acme for acme.my.salesforce.com; for a sandbox, acme--uat from acme--uat.sandbox.my.salesforce.com',
    },
    oauth2: {
      authorizeUrl: '{accounts}/services/oauth2/authorize',
      tokenUrl: '{accounts}/services/oauth2/token',
      revokeUrl: '{accounts}/services/oauth2/revoke',
      scopes: scopes([
        ['api', 'Manage your data through the REST and Bulk APIs'],
        ['refresh_token', 'Keep access while you are away (refresh token)'],
        ['offline_access', 'Keep access while you are away (same as refresh_token)'],
        ['id', 'Read your identity (profile, email, address, phone)'],
        ['openid', 'Sign in with OpenID Connect'],
        ['profile', 'Read your basic profile'],
        ['email', 'Read your email address'],
        ['chatter_api', 'Use the Connect REST API (Chatter)'],
        ['web', 'Use the token in Salesforce web pages'],
        ['full', 'Everything you can access, all other scopes included'],
      ]),
      scopeDelimiter: ' ',
      pkce: true,
    },
    dataCenters: [
      salesforceDataCenter('production', 'Production', 'my.salesforce.com'),
      salesforceDataCenter('sandbox', 'Sandbox', 'sandbox.my.salesforce.com'),
      salesforceDataCenter('developer', 'Developer Edition', 'develop.my.salesforce.com'),
    ],
    defaultDataCenterId: 'production',
    reach: 'direct',
    reachWhy:
      'Works once an admin enables CORS for OAuth endpoints, adds this app to the CORS allowlist and lets the connected app skip the secret (PKCE).',
    testRequest: {
      method: 'GET',
      url: `${SALESFORCE_PRODUCTION}/services/data/v62.0/`,
      description: 'Lists the REST API v62.0 resources (needs the api scope).',
    },
    docsUrl: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm',
  }),
  preset({
    linkName: 'hubspot',
    name: 'HubSpot',
    category: 'CRM & Sales',
    description: 'HubSpot CRM contacts, companies, deals and tickets.',
    authType: 'oauth2',
    oauth2: {
      clientSecretRequired: true,
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
      scopes: scopes([
        ['oauth', 'Required by every HubSpot app'],
        ['crm.objects.contacts.read', 'Read contacts'],
        ['crm.objects.contacts.write', 'Create and update contacts'],
        ['crm.objects.companies.read', 'Read companies'],
        ['crm.objects.companies.write', 'Create and update companies'],
        ['crm.objects.deals.read', 'Read deals'],
        ['crm.objects.deals.write', 'Create and update deals'],
        ['crm.schemas.contacts.read', 'Read contact properties'],
        ['tickets', 'Read and write tickets'],
      ]),
      scopeDelimiter: ' ',
      pkce: false,
    },
    dataCenters: globalDataCenter(['https://api.hubapi.com']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'HubSpot exchanges the code with the client secret and does not allow browser (CORS) calls to its API.',
    testRequest: {
      method: 'GET',
      url: 'https://api.hubapi.com/crm/v3/objects/contacts?limit=1',
      description: 'Lists one contact (needs crm.objects.contacts.read).',
    },
    docsUrl: 'https://developers.hubspot.com/docs/api-reference/overview',
  }),
  preset({
    linkName: 'pipedrive',
    name: 'Pipedrive',
    category: 'CRM & Sales',
    description: 'Pipedrive deals, persons, organizations and activities.',
    authType: 'apikey',
    apikey: { params: [{ in: 'query', key: 'api_token', label: 'API token', secret: true }] },
    dataCenters: globalDataCenter(['https://api.pipedrive.com']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'Browser (CORS) access to the Pipedrive API is not documented.',
    testRequest: { method: 'GET', url: 'https://api.pipedrive.com/v1/users/me', description: 'Reads your user.' },
    docsUrl: 'https://developers.pipedrive.com/docs/api/v1',
  }),
  preset({
    linkName: 'intercom',
    name: 'Intercom',
    category: 'Customer Support',
    description: 'Intercom contacts, conversations, tickets and articles.',
    authType: 'oauth2',
    oauth2: {
      clientSecretRequired: true,
      authorizeUrl: 'https://app.intercom.com/oauth',
      tokenUrl: 'https://api.intercom.io/auth/eagle/token',
      // Permissions are chosen on the app in Intercom's Developer Hub, not requested at sign-in.
      scopes: [],
      scopeDelimiter: ' ',
      pkce: false,
    },
    dataCenters: [
      { id: 'us', label: 'US', apiOrigins: ['https://api.intercom.io'], hostMap: {} },
      {
        id: 'eu',
        label: 'Europe',
        apiOrigins: ['https://api.eu.intercom.io'],
        hostMap: { 'https://api.intercom.io': 'https://api.eu.intercom.io' },
      },
      {
        id: 'au',
        label: 'Australia',
        apiOrigins: ['https://api.au.intercom.io'],
        hostMap: { 'https://api.intercom.io': 'https://api.au.intercom.io' },
      },
    ],
    defaultDataCenterId: 'us',
    reach: 'needs-relay',
    reachWhy: 'Intercom exchanges the code with the client secret; token endpoint CORS not documented.',
    testRequest: { method: 'GET', url: 'https://api.intercom.io/me', description: 'Reads the admin behind the token.' },
    docsUrl: 'https://developers.intercom.com/docs/references/rest-api/api.intercom.io',
  }),
  preset({
    linkName: 'mailchimp',
    name: 'Mailchimp',
    category: 'Marketing',
    description: 'Audiences, members, campaigns and reports (Marketing API).',
    authType: 'oauth2',
    oauth2: {
      clientSecretRequired: true,
      authorizeUrl: 'https://login.mailchimp.com/oauth2/authorize',
      tokenUrl: 'https://login.mailchimp.com/oauth2/token',
      // Mailchimp has no OAuth scopes: a token reaches everything the user can.
      scopes: [],
      scopeDelimiter: ' ',
      pkce: false,
    },
    dataCenters: MAILCHIMP_DATA_CENTERS,
    defaultDataCenterId: 'us1',
    reach: 'needs-relay',
    reachWhy: 'Mailchimp exchanges the code with the client secret; token endpoint CORS not documented.',
    testRequest: { method: 'GET', url: 'https://us1.api.mailchimp.com/3.0/ping', description: 'Health check for your data centre.' },
    docsUrl: 'https://mailchimp.com/developer/marketing/api/',
  }),
];
