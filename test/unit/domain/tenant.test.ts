import { describe, expect, it } from 'vitest';
import { Service, connectionDataCenter, resolveEndpoint, tenantProblem } from '../../../src/domain/index.ts';

const shop = Service.parse({
  id: 'svc_example_shop',
  kind: 'default',
  name: 'Example Shop',
  linkName: 'example_shop',
  category: 'Commerce',
  authType: 'oauth2',
  tenant: { label: 'Shop name', hint: 'acme for acme.example-shop.com' },
  oauth2: {
    authorizeUrl: 'https://{tenant}.example-shop.com/oauth/authorize',
    tokenUrl: 'https://{tenant}.example-shop.com/oauth/token',
    scopes: [{ value: 'read', label: 'Read' }],
  },
  dataCenters: [{ id: 'global', label: 'Global', apiOrigins: ['https://{tenant}.example-shop.com'] }],
  defaultDataCenterId: 'global',
  reach: 'needs-relay',
  reachWhy: 'Token endpoint CORS not documented.',
});

describe('per-customer hosts', () => {
  it('fills the tenant into origins and endpoints', () => {
    const dc = connectionDataCenter(shop, 'global', 'acme');
    expect(dc?.apiOrigins).toEqual(['https://acme.example-shop.com']);
    expect(resolveEndpoint(shop.oauth2!.tokenUrl, dc!, 'acme')).toBe('https://acme.example-shop.com/oauth/token');
  });

  it('gives no data centre for a missing or host-breaking tenant, so nothing can be sent', () => {
    expect(connectionDataCenter(shop, 'global', '')).toBeUndefined();
    expect(connectionDataCenter(shop, 'global', 'evil.com/x')).toBeUndefined();
    expect(connectionDataCenter(shop, 'global', 'a.b')).toBeUndefined();
    expect(tenantProblem(shop, '')).toBe('Enter your Shop name');
    expect(tenantProblem(shop, 'Acme!')).toMatch(/only lower-case letters/);
  });

  it('refuses a template that is not https even with the tenant filled in', () => {
    const bad = Service.safeParse({ ...shop, dataCenters: [{ id: 'global', label: 'G', apiOrigins: ['http://{tenant}.example-shop.com'] }] });
    expect(bad.success).toBe(false);
  });
});
