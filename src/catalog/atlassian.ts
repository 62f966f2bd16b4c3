import type { ServiceInput } from '../domain/service.ts';
import { globalDataCenter, preset, scopes } from './define.ts';

const ATLASSIAN_OAUTH = {
  clientSecretRequired: true,
  authorizeUrl: 'https://auth.atlassian.com/authorize',
  tokenUrl: 'https://auth.atlassian.com/oauth/token',
  scopeDelimiter: ' ',
  pkce: false,
  // Atlassian's 3LO requires audience and prompt=consent on every authorization request.
  extraAuthParams: { audience: 'api.atlassian.com', prompt: 'consent' },
} as const;

/** Scopes every Atlassian Cloud product asks for besides its own. */
const ATLASSIAN_ACCOUNT_SCOPES: [string, string][] = [
  ['read:me', 'Read your Atlassian profile'],
  ['offline_access', 'Stay connected (refresh token)'],
];

/** Jira and Confluence Cloud share one gateway, reach and test request. */
const ATLASSIAN_CLOUD = {
  dataCenters: globalDataCenter(['https://api.atlassian.com']),
  defaultDataCenterId: 'global',
  reach: 'needs-relay',
  reachWhy: 'Atlassian 3LO apps exchange the code with the client secret; token endpoint CORS not documented.',
  /** Cloud sites are reached through api.atlassian.com/ex/{product}/{cloudid}; accessible-resources lists the cloud ids. */
  testRequest: {
    method: 'GET',
    url: 'https://api.atlassian.com/oauth/token/accessible-resources',
    description: 'Lists the Atlassian sites this connection can reach.',
  },
} as const;

export const ATLASSIAN_SERVICES: ServiceInput[] = [
  preset({
    linkName: 'jira',
    name: 'Jira',
    category: 'Project Management',
    description: 'Jira Cloud issues, projects, comments and workflows.',
    authType: 'oauth2',
    oauth2: {
      ...ATLASSIAN_OAUTH,
      scopes: scopes([
        ['read:jira-work', 'Read issues, projects and comments'],
        ['write:jira-work', 'Create and edit issues and comments'],
        ['read:jira-user', 'Read user information'],
        ['manage:jira-project', 'Manage project settings'],
        ['manage:jira-webhook', 'Manage webhooks'],
        ...ATLASSIAN_ACCOUNT_SCOPES,
      ]),
    },
    ...ATLASSIAN_CLOUD,
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/',
  }),
  preset({
    linkName: 'confluence',
    name: 'Confluence',
    category: 'Productivity',
    description: 'Confluence Cloud spaces, pages and comments.',
    authType: 'oauth2',
    oauth2: {
      ...ATLASSIAN_OAUTH,
      scopes: scopes([
        ['read:confluence-content.all', 'Read all content'],
        ['read:confluence-space.summary', 'Read space summaries'],
        ['write:confluence-content', 'Create and edit pages and comments'],
        ['search:confluence', 'Search content'],
        ...ATLASSIAN_ACCOUNT_SCOPES,
      ]),
    },
    ...ATLASSIAN_CLOUD,
    docsUrl: 'https://developer.atlassian.com/cloud/confluence/rest/v2/',
  }),
  preset({
    linkName: 'trello',
    name: 'Trello',
    category: 'Project Management',
    description: 'Boards, lists and cards.',
    authType: 'apikey',
    apikey: {
      params: [
        { in: 'query', key: 'key', label: 'API key', secret: true },
        { in: 'query', key: 'token', label: 'API token', secret: true },
      ],
    },
    dataCenters: globalDataCenter(['https://api.trello.com']),
    defaultDataCenterId: 'global',
    reach: 'direct',
    reachWhy: "Trello's REST API answers browser (CORS) requests; the key and token travel as query parameters.",
    testRequest: { method: 'GET', url: 'https://api.trello.com/1/members/me', description: 'Reads your member profile.' },
    rateLimit: { requests: 100, perMs: 10_000 },
    docsUrl: 'https://developer.atlassian.com/cloud/trello/rest/',
  }),
  preset({
    linkName: 'bitbucket',
    name: 'Bitbucket',
    category: 'Developer Tools',
    description: 'Bitbucket Cloud repositories, pull requests, issues and pipelines.',
    authType: 'oauth2',
    oauth2: {
      clientSecretRequired: true,
      authorizeUrl: 'https://bitbucket.org/site/oauth2/authorize',
      tokenUrl: 'https://bitbucket.org/site/oauth2/access_token',
      // Bitbucket grants the scopes configured on the OAuth consumer; these labels describe them.
      scopes: scopes([
        ['account', 'Read your account'],
        ['repository', 'Read repositories'],
        ['repository:write', 'Write to repositories'],
        ['pullrequest', 'Read pull requests'],
        ['pullrequest:write', 'Create and merge pull requests'],
        ['issue', 'Read issues'],
        ['issue:write', 'Create and edit issues'],
        ['webhook', 'Manage webhooks'],
        ['pipeline', 'Read pipelines'],
      ]),
      scopeDelimiter: ' ',
      pkce: false,
    },
    dataCenters: globalDataCenter(['https://api.bitbucket.org']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'Bitbucket exchanges the code with the client secret; token endpoint CORS not documented.',
    testRequest: { method: 'GET', url: 'https://api.bitbucket.org/2.0/user', description: 'Reads your account (needs account).' },
    docsUrl: 'https://developer.atlassian.com/cloud/bitbucket/rest/',
  }),
];
