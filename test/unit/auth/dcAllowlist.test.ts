import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDefaultService, SANDBOX_DATA_CENTER_ID } from '../../../src/catalog/index.ts';
import { completeAuthorization, configureAuth, startAuthorization } from '../../../src/auth/index.ts';
import { checkAccountsServer, checkApiDomain } from '../../../src/auth/dcAllowlist.ts';
import { findDataCenter, type AppError, type Service } from '../../../src/domain/index.ts';
import { getConnection } from '../../../src/storage/index.ts';
import { REDIRECT_URI, connectionFor, freshStores } from './fixtures.ts';

const books = getDefaultService('zoho_books')!;
const dc = (service: Service, id: string) => findDataCenter(service, id)!;

function thrownCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as AppError).code;
  }
  return 'no error';
}

describe('Zoho data-centre allowlist', () => {
  it('accepts the connection’s own accounts server, or none given', () => {
    expect(checkAccountsServer(books, dc(books, 'eu'), 'https://accounts.zoho.eu')).toBe('https://accounts.zoho.eu');
    expect(checkAccountsServer(books, dc(books, 'eu'), null)).toBe('https://accounts.zoho.eu');
  });

  it('refuses a foreign host, a look-alike and another data centre of the same service', () => {
    expect(thrownCode(() => checkAccountsServer(books, dc(books, 'us'), 'https://evil.example'))).toBe('OAUTH_DC_NOT_ALLOWED');
    expect(thrownCode(() => checkAccountsServer(books, dc(books, 'us'), 'https://accounts.zoho.com.evil.example'))).toBe('OAUTH_DC_NOT_ALLOWED');
    expect(thrownCode(() => checkAccountsServer(books, dc(books, 'us'), 'https://accounts.zoho.com/'))).toBe('OAUTH_DC_NOT_ALLOWED');
    let other: unknown;
    try {
      checkAccountsServer(books, dc(books, 'us'), 'https://accounts.zoho.eu');
    } catch (error) {
      other = error;
    }
    expect((other as AppError).code).toBe('OAUTH_DC_NOT_ALLOWED');
    expect((other as AppError).message).toContain('Europe');
  });

  it('accepts api_domain only from the data centre’s API origins', () => {
    expect(checkApiDomain(books, dc(books, 'eu'), 'https://www.zohoapis.eu')).toBe('https://www.zohoapis.eu');
    expect(checkApiDomain(books, dc(books, 'eu'), undefined)).toBeUndefined();
    expect(thrownCode(() => checkApiDomain(books, dc(books, 'eu'), 'https://www.zohoapis.com'))).toBe('OAUTH_DC_NOT_ALLOWED');
    expect(thrownCode(() => checkApiDomain(books, dc(books, 'eu'), 'https://attacker.example'))).toBe('OAUTH_DC_NOT_ALLOWED');
    expect(thrownCode(() => checkApiDomain(books, dc(books, 'eu'), 42))).toBe('OAUTH_DC_NOT_ALLOWED');
  });
});

describe('a callback naming a foreign accounts server (S7)', () => {
  beforeEach(() => freshStores());

  it('is refused before any request of any kind, and the verifier never leaves', async () => {
    const sent: string[] = [];
    configureAuth({
      fetch: (input) => {
        sent.push(String(input instanceof Request ? input.url : input));
        return Promise.reject(new Error('no network in this test'));
      },
    });
    const connection = await connectionFor(books, {
      dataCenterId: SANDBOX_DATA_CENTER_ID,
      clientId: 'workflow-builder',
      scopesRequested: ['ZohoBooks.fullaccess.all'],
    });
    const state = new URL(await startAuthorization(connection.id, REDIRECT_URI)).searchParams.get('state')!;
    const callback = `${REDIRECT_URI}?${new URLSearchParams({ code: '1000.x', state, location: 'us', 'accounts-server': 'https://evil.example' })}`;
    const error = (await completeAuthorization(callback).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('OAUTH_DC_NOT_ALLOWED');
    expect(error.details?.connectionId).toBe(connection.id);
    expect(sent).toEqual([]);
    expect((await getConnection(connection.id))?.status).toBe('not_connected');
  });
});
