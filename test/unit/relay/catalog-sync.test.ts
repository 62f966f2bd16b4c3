import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relayCatalog } from '../../../scripts/relay-catalog-data.ts';
import { TargetPolicy, withSandboxOrigin, type CatalogData } from '../../../relay/targets.ts';

const shipped = JSON.parse(readFileSync(new URL('../../../relay/catalog-origins.json', import.meta.url), 'utf8')) as CatalogData;

describe("the relay's allowlist", () => {
  it('matches the catalog (run `npm run relay:catalog` after changing presets)', () => {
    expect(shipped).toEqual(relayCatalog());
  });

  it('holds every Zoho data centre and no https origin outside the needs-relay presets', () => {
    const policy = new TargetPolicy(shipped);
    for (const origin of ['https://accounts.zoho.eu', 'https://www.zohoapis.com.au', 'https://books.zoho.in', 'https://accounts.zohocloud.ca']) {
      expect(() => policy.check(origin, [], false), origin).not.toThrow();
    }
    expect(() => policy.check('https://graph.microsoft.com', [], false)).toThrow('not an origin of a provider in the catalog');
    expect(policy.isTokenEndpoint('https://accounts.zoho.com/oauth/v2/token')).toBe(true);
    expect(policy.isTokenEndpoint('https://www.zohoapis.com/oauth/v2/token')).toBe(false);
  });

  it('lets {tenant} stand for one DNS label only', () => {
    const policy = new TargetPolicy(shipped);
    expect(() => policy.check('https://acme.zendesk.com', [], false)).not.toThrow();
    for (const origin of ['https://evil.example.zendesk.com', 'https://.zendesk.com', 'https://acme.zendesk.com.evil.example']) {
      expect(() => policy.check(origin, [], false), origin).toThrow();
    }
  });

  it("swaps the catalog's sandbox origin for the relay's own", () => {
    const policy = new TargetPolicy(withSandboxOrigin(shipped, 'http://localhost:4214'));
    expect(() => policy.check('http://localhost:4214', [], false)).not.toThrow();
    expect(() => policy.check('http://localhost:4010', [], false)).toThrow();
    expect(policy.isTokenEndpoint('http://localhost:4214/oauth/v2/token')).toBe(true);
  });
});
