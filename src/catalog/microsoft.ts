import type { ServiceInput } from '../domain/service.ts';
import { globalDataCenter, preset, scopes } from './define.ts';

export const MICROSOFT_SERVICES: ServiceInput[] = [
  preset({
    linkName: 'microsoft_graph',
    name: 'Microsoft 365 (Graph)',
    category: 'Productivity',
    description: 'Outlook mail and calendar, OneDrive and SharePoint files, Teams, To Do and contacts through Microsoft Graph.',
    authType: 'oauth2',
    oauth2: {
      // `common` accepts work, school and personal accounts.
      authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      scopes: scopes([
        ['offline_access', 'Stay connected (refresh token)'],
        ['openid', 'Sign you in'],
        ['User.Read', 'Read your profile'],
        ['Mail.Read', 'Read your mail'],
        ['Mail.Send', 'Send mail as you'],
        ['Calendars.ReadWrite', 'Read and write your calendars'],
        ['Contacts.ReadWrite', 'Read and write your contacts'],
        ['Files.ReadWrite', 'Read and write your OneDrive files'],
        ['Sites.Read.All', 'Read SharePoint sites'],
        ['Tasks.ReadWrite', 'Read and write your To Do tasks'],
        ['ChannelMessage.Send', 'Send Teams channel messages'],
        ['Team.ReadBasic.All', 'Read the names of your Teams'],
      ]),
      scopeDelimiter: ' ',
      pkce: true,
    },
    dataCenters: globalDataCenter(['https://graph.microsoft.com']),
    defaultDataCenterId: 'global',
    reach: 'direct',
    reachWhy: 'Works in the browser: PKCE with a "spa" redirect URI, and the token endpoint allows CORS; SPA refresh tokens last 24 hours.',
    testRequest: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', description: 'Reads your profile (needs User.Read).' },
    docsUrl: 'https://learn.microsoft.com/graph/overview',
  }),
];
