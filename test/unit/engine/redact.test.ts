import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/index.ts';
import { REDACTED, redactBodyText, redactPairs, redactRequestBody, redactText, redactUrl, redactValue } from '../../../src/engine/redact.ts';

describe('redaction', () => {
  it('hides credential headers whatever their case', () => {
    expect(
      redactPairs({ Authorization: 'Zoho-oauthtoken 1000.abc', 'X-API-Key': 'k-123', 'x-auth-token': 't', Accept: 'application/json' }),
    ).toEqual({ Authorization: REDACTED, 'X-API-Key': REDACTED, 'x-auth-token': REDACTED, Accept: 'application/json' });
  });

  it('hides secret keys in JSON, keeps provider error codes readable', () => {
    const body = JSON.stringify({
      access_token: 'at-1',
      refresh_token: 'rt-1',
      client_secret: 'cs',
      code_verifier: 'cv',
      password: 'pw',
      api_key: 'ak',
      nested: [{ apiKey: 'x', code: 'oauth-code-value' }],
      code: 57,
      message: 'You are not authorized',
    });
    expect(redactBodyText(body)).toEqual({
      access_token: REDACTED,
      refresh_token: REDACTED,
      client_secret: REDACTED,
      code_verifier: REDACTED,
      password: REDACTED,
      api_key: REDACTED,
      nested: [{ apiKey: REDACTED, code: REDACTED }],
      code: 57,
      message: 'You are not authorized',
    });
    expect(redactValue({ code: 'INVALID_TOKEN', status: 'error' })).toEqual({ code: 'INVALID_TOKEN', status: 'error' });
  });

  it('hides secrets in URLs, forms and free text', () => {
    expect(redactUrl('https://x.test/cb?code=abc&state=s1&api_key=k')).toBe(`https://x.test/cb?code=${encodeURIComponent(REDACTED)}&state=s1&api_key=${encodeURIComponent(REDACTED)}`);
    expect(redactRequestBody({ kind: 'form', fields: { grant_type: 'refresh_token', refresh_token: 'r', JSONString: '{"contact_name":"A","token":"t"}' } })).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REDACTED,
      JSONString: { contact_name: 'A', token: REDACTED },
    });
    expect(redactBodyText('access_token=abc&expires_in=3600')).toEqual({ access_token: REDACTED, expires_in: '3600' });
    expect(redactText('sent Authorization: Bearer eyJhbGciOi.x.y and code=xyz')).toBe(`sent Authorization: Bearer ${REDACTED} and code=${REDACTED}`);
    expect(redactText('Books code 3062: duplicate')).toBe('Books code 3062: duplicate');
  });

  it("never serialises an Error's cause", () => {
    const error = new AppError('OAUTH_BAD_RESPONSE', 'bad token response');
    Object.defineProperty(error, 'cause', { value: { body: '{"access_token":"leaked-at"}' }, enumerable: true });
    const out = JSON.stringify(redactValue({ error }));
    expect(out).toContain('bad token response');
    expect(out).not.toContain('leaked-at');
  });
});
