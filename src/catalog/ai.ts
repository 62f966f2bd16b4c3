import type { ServiceInput } from '../domain/service.ts';
import { globalDataCenter, preset } from './define.ts';

export const AI_SERVICES: ServiceInput[] = [
  preset({
    linkName: 'openai',
    name: 'OpenAI',
    category: 'AI',
    description: 'Chat, embeddings, images and audio through the OpenAI API.',
    authType: 'apikey',
    apikey: { params: [{ in: 'header', key: 'Authorization', label: 'API key', format: 'Bearer {value}', secret: true }] },
    dataCenters: globalDataCenter(['https://api.openai.com']),
    defaultDataCenterId: 'global',
    reach: 'direct',
    reachWhy: 'The API answers browser (CORS) requests, but the key is then usable by anything in this browser: use a restricted project key.',
    testRequest: { method: 'GET', url: 'https://api.openai.com/v1/models', description: 'Lists the models your key can use.' },
    docsUrl: 'https://platform.openai.com/docs/api-reference',
  }),
];
