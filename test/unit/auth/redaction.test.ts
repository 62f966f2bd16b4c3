import 'fake-indexeddb/auto';
import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { completeAuthorization, configureAuth, startAuthorization } from '../../../src/auth/index.ts';
import { providerError } from '../../../src/auth/errors.ts';
import { toErrorInfo } from '../../../src/domain/index.ts';
import { getConnection } from '../../../src/storage/index.ts';
import { REDIRECT_URI, connectionFor, customOAuthService, freshStores } from './fixtures.ts';

const PLANTED = 'PLANTED-TOKEN-7c1e0b';

beforeEach(() => freshStores());

describe('redaction (S18)', () => {
  it('keeps only the OAuth error code and description of a ResponseBodyError, never its cause', () => {
    const raw = new oauth.ResponseBodyError('server responded with an error', {
      cause: { error: 'invalid_request', error_description: 'bad', access_token: PLANTED },
      response: new Response(JSON.stringify({ access_token: PLANTED })),
    });
    const error = providerError(raw, 'token request', 'auth.example');
    expect(error.code).toBe('OAUTH_PROVIDER_ERROR');
    expect(JSON.stringify({ ...error, message: error.message, stack: undefined })).not.toContain(PLANTED);
    expect('cause' in error).toBe(false);
    expect(JSON.stringify(toErrorInfo(error))).not.toContain(PLANTED);
  });

  it('drops a description that could smuggle a secret (non-printable or too long)', () => {
    const raw = new oauth.ResponseBodyError('x', {
      cause: { error: 'invalid_request', error_description: `${PLANTED}\n${'y'.repeat(300)}` },
      response: new Response(''),
    });
    expect(providerError(raw, 'token request', 'auth.example').message).not.toContain(PLANTED);
  });

  it('does not copy a malformed token response into the error, the connection or its last error', async () => {
    const service = await customOAuthService('http://127.0.0.1:1');
    const connection = await connectionFor(service);
    configureAuth({
      fetch: async () =>
        new Response(`{"access_token": "${PLANTED}", "token_type": 42`, { status: 200, headers: { 'content-type': 'application/json' } }),
    });
    const state = new URL(await startAuthorization(connection.id, REDIRECT_URI)).searchParams.get('state')!;
    const error = await completeAuthorization(`${REDIRECT_URI}?code=abc&state=${state}`).catch((e: unknown) => e);
    expect(String((error as Error).message)).not.toContain(PLANTED);
    expect(JSON.stringify(error)).not.toContain(PLANTED);
    expect(JSON.stringify(await getConnection(connection.id))).not.toContain(PLANTED);
    expect((await getConnection(connection.id))?.lastError?.code).toMatch(/^OAUTH_/);
  });
});
