import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Service, newId } from '../../../src/domain/index.ts';
import { saveCustomService } from '../../../src/storage/index.ts';
import { saveCredentials, savedCredentialFields, UNCHANGED } from '../../../src/auth/index.ts';
import { readBasic } from '../../../src/auth/secrets.ts';
import { connectionFor, freshStores } from './fixtures.ts';

async function basicService(usernameSecret: boolean): Promise<Service> {
  return saveCustomService(
    Service.parse({
      id: newId('service'),
      kind: 'custom',
      name: 'Basic Desk',
      linkName: `desk_${crypto.randomUUID().slice(0, 6)}`,
      category: 'Custom',
      authType: 'basic',
      basic: { usernameLabel: 'API key', passwordLabel: 'Password (enter X)', usernameSecret },
      dataCenters: [{ id: 'global', label: 'Default', apiOrigins: ['https://desk.example.com'] }],
      defaultDataCenterId: 'global',
      reach: 'needs-relay',
      reachWhy: 'test',
    }),
  );
}

beforeEach(() => freshStores());

describe('Basic credentials', () => {
  it('never hands back a username that is really an API key, and keeps it when left unchanged', async () => {
    const service = await basicService(true);
    const connection = await connectionFor(service);
    await saveCredentials(connection.id, { kind: 'basic', username: 'planted-api-key-123', password: 'X' });

    const fields = await savedCredentialFields(connection.id, service);
    expect(fields).toMatchObject({ basicSaved: true, basicUsername: null });
    expect(JSON.stringify(fields)).not.toContain('planted-api-key-123');

    await saveCredentials(connection.id, { kind: 'basic', username: UNCHANGED, password: UNCHANGED });
    expect(await readBasic(connection.id)).toEqual({ username: 'planted-api-key-123', password: 'X' });
  });

  it('shows an ordinary username so people can see which account is saved', async () => {
    const service = await basicService(false);
    const connection = await connectionFor(service);
    await saveCredentials(connection.id, { kind: 'basic', username: 'AC123', password: 'secret' });
    expect(await savedCredentialFields(connection.id, service)).toMatchObject({ basicSaved: true, basicUsername: 'AC123' });
  });
});
