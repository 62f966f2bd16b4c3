import type { ServiceInput } from '../domain/service.ts';
import type { Category } from './categories.ts';
import { globalDataCenter, preset, scopes } from './define.ts';

const GOOGLE_REACH_WHY =
  'Google requires the client secret at the token endpoint even with PKCE; a browser alone gets only 1-hour tokens (token model, no refresh).';

interface GoogleApi {
  linkName: string;
  name: string;
  category: Category;
  description: string;
  apiOrigins: string[];
  scopes: ReadonlyArray<readonly [string, string]>;
  testRequest: NonNullable<ServiceInput['testRequest']>;
  docsUrl: string;
}

const AUTH = 'https://www.googleapis.com/auth/';

function googleService(api: GoogleApi): ServiceInput {
  return preset({
    linkName: api.linkName,
    name: api.name,
    category: api.category,
    description: api.description,
    authType: 'oauth2',
    oauth2: {
      clientSecretRequired: true,
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      revokeUrl: 'https://oauth2.googleapis.com/revoke',
      scopes: scopes(api.scopes.map(([value, label]) => [AUTH + value, label] as const)),
      scopeDelimiter: ' ',
      pkce: true,
      // Google issues a refresh token only for access_type=offline (web server flow docs).
      extraAuthParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    },
    dataCenters: globalDataCenter(api.apiOrigins),
    defaultDataCenterId: 'global',
    reach: 'implicit-only',
    reachWhy: GOOGLE_REACH_WHY,
    testRequest: api.testRequest,
    docsUrl: api.docsUrl,
  });
}

const DRIVE_FILE = ['drive.file', 'Only files you open or create with this app'] as const;

export const GOOGLE_SERVICES: ServiceInput[] = [
  googleService({
    linkName: 'google_drive',
    name: 'Google Drive',
    category: 'Files & Documents',
    description: 'Files and folders in Google Drive.',
    apiOrigins: ['https://www.googleapis.com'],
    scopes: [
      DRIVE_FILE,
      ['drive.readonly', 'Read all your Drive files'],
      ['drive.metadata.readonly', 'Read file names and details'],
      ['drive', 'Read, change and delete all your Drive files'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.googleapis.com/drive/v3/about?fields=user',
      description: 'Reads your Drive user (any Drive scope).',
    },
    docsUrl: 'https://developers.google.com/workspace/drive/api/reference/rest/v3',
  }),
  googleService({
    linkName: 'google_sheets',
    name: 'Google Sheets',
    category: 'Productivity',
    description: 'Read and write spreadsheet values and sheets.',
    apiOrigins: ['https://sheets.googleapis.com', 'https://www.googleapis.com'],
    scopes: [['spreadsheets', 'Read and write your spreadsheets'], ['spreadsheets.readonly', 'Read your spreadsheets'], DRIVE_FILE],
    testRequest: {
      method: 'GET',
      url: "https://www.googleapis.com/drive/v3/files?pageSize=1&q=mimeType%3D'application%2Fvnd.google-apps.spreadsheet'",
      description: 'Lists one spreadsheet through Drive (Sheets has no list call).',
    },
    docsUrl: 'https://developers.google.com/workspace/sheets/api/reference/rest',
  }),
  googleService({
    linkName: 'google_gmail',
    name: 'Gmail',
    category: 'Email & Messaging',
    description: 'Read, label and send Gmail messages.',
    apiOrigins: ['https://gmail.googleapis.com', 'https://www.googleapis.com'],
    scopes: [
      ['gmail.readonly', 'Read your mail'],
      ['gmail.send', 'Send mail as you'],
      ['gmail.compose', 'Create drafts and send mail'],
      ['gmail.modify', 'Read, label and change your mail (no permanent delete)'],
      ['gmail.labels', 'Manage labels'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://gmail.googleapis.com/gmail/v1/users/me/profile',
      description: 'Reads your mailbox profile (needs gmail.readonly or broader).',
    },
    docsUrl: 'https://developers.google.com/workspace/gmail/api/reference/rest',
  }),
  googleService({
    linkName: 'google_calendar',
    name: 'Google Calendar',
    category: 'Forms & Scheduling',
    description: 'Calendars and events.',
    apiOrigins: ['https://www.googleapis.com'],
    scopes: [
      ['calendar.readonly', 'Read your calendars'],
      ['calendar.events', 'Read and write events'],
      ['calendar', 'Read and manage all your calendars'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.googleapis.com/calendar/v3/users/me/calendarList?maxResults=1',
      description: 'Lists one calendar (needs calendar.readonly or broader).',
    },
    docsUrl: 'https://developers.google.com/workspace/calendar/api/v3/reference',
  }),
  googleService({
    linkName: 'google_docs',
    name: 'Google Docs',
    category: 'Files & Documents',
    description: 'Create, read and edit Google Docs documents.',
    apiOrigins: ['https://docs.googleapis.com', 'https://www.googleapis.com'],
    scopes: [['documents', 'Read and write your documents'], ['documents.readonly', 'Read your documents'], DRIVE_FILE],
    testRequest: {
      method: 'GET',
      url: "https://www.googleapis.com/drive/v3/files?pageSize=1&q=mimeType%3D'application%2Fvnd.google-apps.document'",
      description: 'Lists one document through Drive (Docs has no list call).',
    },
    docsUrl: 'https://developers.google.com/workspace/docs/api/reference/rest',
  }),
  googleService({
    linkName: 'google_youtube',
    name: 'YouTube',
    category: 'Social & Media',
    description: 'Channels, playlists and videos through the YouTube Data API.',
    apiOrigins: ['https://www.googleapis.com', 'https://youtube.googleapis.com'],
    scopes: [
      ['youtube.readonly', 'Read your YouTube account'],
      ['youtube', 'Manage your YouTube account'],
      ['youtube.upload', 'Upload videos'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.googleapis.com/youtube/v3/channels?part=id&mine=true',
      description: 'Reads your channel id (needs youtube.readonly or broader).',
    },
    docsUrl: 'https://developers.google.com/youtube/v3/docs',
  }),
];
