import type { ServiceInput } from '../domain/service.ts';
import { globalDataCenter, preset, scopes } from './define.ts';

/** Supported until at least July 2027; Shopify answers older versions with the oldest supported one. */
const SHOPIFY_API_VERSION = '2026-07';

export const COMMERCE_SERVICES: ServiceInput[] = [
  preset({
    linkName: 'shopify',
    name: 'Shopify',
    category: 'E-commerce',
    description: 'Products, customers, orders and inventory of one store (Admin API).',
    authType: 'oauth2',
    tenant: { label: 'Shop name', hint: 'acme for acme.myshopify.com' },
    oauth2: {
      clientSecretRequired: true,
      authorizeUrl: 'https://{tenant}.myshopify.com/admin/oauth/authorize',
      tokenUrl: 'https://{tenant}.myshopify.com/admin/oauth/access_token',
      scopes: scopes([
        ['read_products', 'Read products, variants and collections'],
        ['write_products', 'Create and update products, variants and collections'],
        ['read_customers', 'Read customers'],
        ['write_customers', 'Create and update customers'],
        ['read_orders', 'Read orders from the last 60 days'],
        ['write_orders', 'Update orders'],
        ['read_draft_orders', 'Read draft orders'],
        ['write_draft_orders', 'Create and update draft orders'],
        ['read_inventory', 'Read inventory levels'],
        ['write_inventory', 'Adjust inventory levels'],
        ['read_fulfillments', 'Read fulfillments'],
        ['write_fulfillments', 'Create and update fulfillments'],
        ['read_locations', 'Read store locations'],
      ]),
      scopeDelimiter: ',',
      pkce: false,
      // The Admin API takes the token in its own header, not Authorization (shopify.dev, "Make authenticated requests").
      tokenHeader: '{token}',
      tokenHeaderName: 'X-Shopify-Access-Token',
    },
    dataCenters: globalDataCenter(['https://{tenant}.myshopify.com']),
    defaultDataCenterId: 'global',
    reach: 'needs-relay',
    reachWhy: 'Shopify exchanges the code with the client secret and its Admin API does not allow browser (CORS) calls.',
    testRequest: {
      method: 'POST',
      url: `https://{tenant}.myshopify.com/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
      jsonBody: { query: '{ shop { name } }' },
      description: 'Asks the GraphQL Admin API for the shop name.',
    },
    docsUrl: 'https://shopify.dev/docs/api/admin-graphql',
  }),
];
