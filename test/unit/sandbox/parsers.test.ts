import { describe, expect, it } from 'vitest';
import { CriteriaError, matches, parseCriteria } from '../../../sandbox/bigin/criteria.ts';
import { parseMultipart } from '../../../sandbox/http/body.ts';
import { mergeSettings, DEFAULT_SETTINGS, SettingsError } from '../../../sandbox/settings.ts';
import { scopeLabel, biginAllows, booksAllows } from '../../../sandbox/accounts/scopes.ts';

describe('criteria', () => {
  const rec = { Email: 'A@b.co', Last_Name: 'Burns', Account_Name: { name: 'Acme (EU)', id: '9' } };

  it('parses nested and/or groups', () => {
    const c = parseCriteria('((Last_Name:equals:burns)and((Email:starts_with:a)or(Email:equals:x)))');
    expect(matches(c, rec)).toBe(true);
    expect(matches(parseCriteria('(Last_Name:not_equal:Burns)'), rec)).toBe(false);
    expect(matches(parseCriteria('(Last_Name:in:Smith,Burns)'), rec)).toBe(true);
  });

  it('unescapes parentheses in values and compares lookups by name', () => {
    expect(matches(parseCriteria('(Account_Name:equals:Acme \\(EU\\))'), rec)).toBe(true);
  });

  it.each(['Email:equals:x', '(Email)', '(Email:like:x)', '(Email:equals:x', '(Email:equals:x)junk'])('rejects %s', (src) => {
    expect(() => parseCriteria(src)).toThrow(CriteriaError);
  });
});

describe('multipart', () => {
  it('reads text fields', () => {
    const body = Buffer.from(
      '--XyZ\r\nContent-Disposition: form-data; name="JSONString"\r\n\r\n{"a":"b\r\nc"}\r\n--XyZ\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--XyZ--\r\n',
    );
    const fields = parseMultipart(body, 'XyZ');
    expect(fields.get('JSONString')).toBe('{"a":"b\r\nc"}');
    expect(fields.get('x')).toBe('1');
  });
});

describe('settings', () => {
  it('merges partial updates without touching the base', () => {
    const next = mergeSettings(DEFAULT_SETTINGS, { booksRateLimit: { windowMs: 1000 } });
    expect(next.booksRateLimit).toEqual({ limit: 100, windowMs: 1000 });
    expect(DEFAULT_SETTINGS.booksRateLimit.windowMs).toBe(60_000);
  });

  it.each([[{ rotateRefreshTokens: 'yes' }], [{ booksRateLimit: { limit: 0 } }], [{ oauthErrorStatus: 401 }], [[]]])('rejects %j', (patch) => {
    expect(() => mergeSettings(DEFAULT_SETTINGS, patch)).toThrow(SettingsError);
  });
});

describe('scopes', () => {
  it('labels known scopes and refuses unknown ones', () => {
    expect(scopeLabel('ZohoBigin.modules.contacts.READ')).toBe('Bigin: Contacts, read');
    expect(scopeLabel('zohobooks.fullaccess.ALL')).toBe('Books: full access to all data');
    expect(scopeLabel('ZohoBigin.modules.widgets.READ')).toBeNull();
    expect(scopeLabel('ZohoMail.messages.ALL')).toBeNull();
  });

  it('checks operations case-insensitively', () => {
    expect(biginAllows(['ZohoBigin.modules.Contacts.all'], 'contacts', 'UPDATE')).toBe(true);
    expect(biginAllows(['ZohoBigin.modules.contacts.READ'], 'contacts', 'UPDATE')).toBe(false);
    expect(booksAllows(['ZohoBooks.contacts.CREATE'], 'contacts', 'READ')).toBe(false);
    expect(booksAllows(['ZohoBooks.fullaccess.all'], 'settings', 'READ')).toBe(true);
  });
});
