import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { suggestServiceLinkName } from '../../../src/app/facades/serviceLinkName.ts';
import { Service, newId } from '../../../src/domain/index.ts';
import { AppDatabase, resetDatabaseForTests, saveCustomService } from '../../../src/storage/index.ts';

async function customService(linkName: string): Promise<Service> {
  return saveCustomService(
    Service.parse({
      id: newId('service'),
      kind: 'custom',
      name: linkName,
      linkName,
      category: 'Custom',
      authType: 'none',
      dataCenters: [{ id: 'global', label: 'Default', apiOrigins: ['https://api.example.com'] }],
      defaultDataCenterId: 'global',
      reach: 'direct',
      reachWhy: 'test',
    }),
  );
}

beforeEach(() => resetDatabaseForTests(new AppDatabase(`svc-link-${crypto.randomUUID()}`)));

describe('custom service link name from the Service Name (regression: it was never generated)', () => {
  it('slugifies the name', async () => {
    expect(await suggestServiceLinkName('Loopback OIDC')).toBe('loopback_oidc');
  });

  it('skips link names of default services and of other custom services, but not its own', async () => {
    expect(await suggestServiceLinkName('Zoho Books')).toBe('zoho_books_2');
    const mine = await customService('my_api');
    expect(await suggestServiceLinkName('My API')).toBe('my_api_2');
    expect(await suggestServiceLinkName('My API', mine.id)).toBe('my_api');
  });
});
