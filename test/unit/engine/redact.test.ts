import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/index.ts';
import {
  REDACTED,
  redactBodyText,
  redactPairs,
  redactRequestBody,
  redactShared,
  redactText,
  redactUrl,
  redactValue,
} from '../../../src/engine/redact.ts';

describe('redaction', () => {
  it('hides credential headers whatever their case', () => {
    expect(redactPairs({ Authorization: 'Zoho-oauthtoken 1000.abc', 'X-API-Key': 'k-123', 'x-auth-token': 't', Accept: 'application/json' })).toEqual(
      { Authorization: REDACTED, 'X-API-Key': REDACTED, 'x-auth-token': REDACTED, Accept: 'application/json' },
    );
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
    expect(redactUrl('https://x.test/cb?code=abc&state=s1&api_key=k')).toBe(
      `https://x.test/cb?code=${encodeURIComponent(REDACTED)}&state=s1&api_key=${encodeURIComponent(REDACTED)}`,
    );
    expect(
      redactRequestBody({
        kind: 'form',
        fields: { grant_type: 'refresh_token', refresh_token: 'r', JSONString: '{"contact_name":"A","token":"t"}' },
      }),
    ).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REDACTED,
      JSONString: { contact_name: 'A', token: REDACTED },
    });
    expect(redactBodyText('access_token=abc&expires_in=3600')).toEqual({ access_token: REDACTED, expires_in: '3600' });
    expect(redactText('sent Authorization: Bearer eyJhbGciOi.x.y and code=xyz')).toBe(`sent Authorization: Bearer ${REDACTED} and code=${REDACTED}`);
    expect(redactText('Books code 3062: duplicate')).toBe('Books code 3062: duplicate');
  });

  it('parses a URL only when its userinfo or a query key may hold a secret', () => {
    const plain = 'https://www.zohoapis.com/books/v3/contacts?organization_id=1&email=jane@example.com#code=frag';
    expect(redactUrl(plain)).toBe(plain);
    expect(redactUrl('https://user:pw@x.test/a?b=1')).toBe('https://x.test/a?b=1');
    expect(redactUrl('https://x.test/a?api%5Fkey=k1&b=2')).toBe(`https://x.test/a?api_key=${encodeURIComponent(REDACTED)}&b=2`);
    expect(redactUrl('https://x.test/a?b=1&Access_Token=t&c')).toBe(`https://x.test/a?b=1&Access_Token=${encodeURIComponent(REDACTED)}&c=`);
  });

  it('redactShared keeps what has nothing to hide and copies only the path to a secret', () => {
    const clean = { contact: { name: 'Jane', tags: ['a', 'b'] }, code: 0 };
    expect(redactShared(clean)).toBe(clean);
    const mixed = { keep: { a: 1 }, deep: { inner: { token: 't', x: 1 } }, list: [{ ok: true }, { api_key: 'k' }] };
    const out = redactShared(mixed) as typeof mixed;
    expect(out).toEqual({ keep: { a: 1 }, deep: { inner: { token: REDACTED, x: 1 } }, list: [{ ok: true }, { api_key: REDACTED }] });
    expect(out.keep).toBe(mixed.keep);
    expect(out.list[0]).toBe(mixed.list[0]);
    expect(mixed.deep.inner.token).toBe('t');
    // Class instances are rebuilt, never passed through: a Map's entries would otherwise escape redaction.
    expect(redactShared({ m: new Map([['token', 't']]) })).toEqual({ m: {} });
    const copied = redactValue(clean) as typeof clean;
    expect(copied).toEqual(clean);
    expect(copied.contact).not.toBe(clean.contact);
  });

  it("never serialises an Error's cause", () => {
    const error = new AppError('OAUTH_BAD_RESPONSE', 'bad token response');
    Object.defineProperty(error, 'cause', { value: { body: '{"access_token":"leaked-at"}' }, enumerable: true });
    const out = JSON.stringify(redactValue({ error }));
    expect(out).toContain('bad token response');
    expect(out).not.toContain('leaked-at');
  });
});
