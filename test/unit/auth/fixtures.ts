import { Connection, Service, newId } from '../../../src/domain/index.ts';
import { AppDatabase, resetDatabaseForTests, saveConnection, saveCustomService } from '../../../src/storage/index.ts';
import { configureAuth } from '../../../src/auth/index.ts';
import { resetVaultForTests } from '../../../src/auth/vault.ts';

export function freshStores(): void {
  resetDatabaseForTests(new AppDatabase(`auth-${crypto.randomUUID()}`));
  resetVaultForTests();
  configureAuth(null);
}

export async function customOAuthService(origin: string, extra: Partial<NonNullable<Service['oauth2']>> = {}): Promise<Service> {
  return saveCustomService(
    Service.parse({
      id: newId('service'),
      kind: 'custom',
      name: 'Loopback Provider',
      linkName: `loop_${crypto.randomUUID().slice(0, 6)}`,
      category: 'Custom',
      authType: 'oauth2',
      oauth2: {
        clientId: 'client-1',
        authorizeUrl: `${origin}/authorize`,
        tokenUrl: `${origin}/token`,
        revokeUrl: `${origin}/revoke`,
        scopes: [
          { value: 'read', label: 'Read' },
          { value: 'write', label: 'Write' },
        ],
        scopeDelimiter: ' ',
        ...extra,
      },
      dataCenters: [{ id: 'global', label: 'Default', apiOrigins: [origin] }],
      defaultDataCenterId: 'global',
      reach: 'direct',
      reachWhy: 'test',
    }),
  );
}

export async function connectionFor(service: Service, patch: Partial<Connection> = {}): Promise<Connection> {
  const now = Date.now();
  return saveConnection(
    Connection.parse({
      id: newId('connection'),
      name: 'Test Connection',
      linkName: `test_${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`,
      serviceId: service.id,
      dataCenterId: service.defaultDataCenterId,
      scopesRequested: ['read'],
      status: 'not_connected',
      createdAt: now,
      updatedAt: now,
      ...patch,
    }),
  );
}

export const REDIRECT_URI = 'http://localhost:4173/oauth/callback';
