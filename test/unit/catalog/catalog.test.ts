import { describe, expect, it } from 'vitest';
import {
  Service,
  TENANT_PLACEHOLDER,
  connectionDataCenter,
  resolveEndpoint,
  type DataCenter,
  type ServiceInput,
} from '../../../src/domain/service.ts';
import {
  CATALOG_INPUTS,
  CATEGORIES,
  DEFAULT_SERVICES,
  SANDBOX_CLIENT_ID,
  SANDBOX_DATA_CENTER_ID,
  SANDBOX_ORIGIN,
  getDefaultService,
} from '../../../src/catalog/index.ts';

const ZOHO_DCS = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk'];

/** Scopes granting everything in a product, each accepted on purpose (https://www.zoho.com/accounts/protocol/oauth/javascript-applications.html; the Books e2e uses it). */
const FULLACCESS_ALLOWED: Record<string, string[]> = { zoho_books: ['ZohoBooks.fullaccess.all'] };

const SECRET_LIKE = /token|secret|key|password/i;

const isZoho = (s: { linkName: string }) => s.linkName.startsWith('zoho_');
const zohoServices = DEFAULT_SERVICES.filter(isZoho);

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** https everywhere; the local sandbox data centre alone may use plain http on loopback. */
function urlAllowedIn(dc: DataCenter, url: string): boolean {
  if (isHttps(url)) return true;
  return dc.id === SANDBOX_DATA_CENTER_ID && new URL(url).origin === SANDBOX_ORIGIN;
}

function originAfterHostMap(url: string, dc: DataCenter): string {
  const origin = new URL(url).origin;
  return dc.hostMap[origin] ?? origin;
}

function endpointsOf(service: Service): string[] {
  const o = service.oauth2;
  return o ? [o.authorizeUrl, o.tokenUrl, o.refreshUrl, o.revokeUrl].filter((u): u is string => u !== undefined) : [];
}

const byName = DEFAULT_SERVICES.map((s) => [s.linkName, s] as const);

/** A tenant a person could type; per-customer presets are checked with it filled in. */
const SAMPLE_TENANT = 'acme-01';
const tenantServices = DEFAULT_SERVICES.filter((s) => s.tenant);

/** The data centre as a connection sees it: `{tenant}` filled for per-customer presets. */
function liveDataCenter(service: Service, dc: DataCenter): DataCenter {
  const live = connectionDataCenter(service, dc.id, SAMPLE_TENANT);
  if (!live) throw new Error(`${service.linkName}: no data centre "${dc.id}" for tenant ${SAMPLE_TENANT}`);
  return live;
}

const fillTenant = (url: string) => url.replaceAll(TENANT_PLACEHOLDER, SAMPLE_TENANT);

describe('catalog: shape', () => {
  it.each(CATALOG_INPUTS.map((input) => [input.linkName, input] as const))('%s parses with the Service schema', (_name, input) => {
    const result = Service.safeParse(input);
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).toBe(true);
  });

  it('holds at least 50 default services, all parsed', () => {
    expect(DEFAULT_SERVICES.length).toBeGreaterThanOrEqual(50);
    expect(DEFAULT_SERVICES.length).toBe(CATALOG_INPUTS.length);
  });

  it('has unique ids and link names, with id = svc_<linkName> and kind default', () => {
    const ids = DEFAULT_SERVICES.map((s) => s.id);
    const linkNames = DEFAULT_SERVICES.map((s) => s.linkName);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(linkNames).size).toBe(linkNames.length);
    for (const s of DEFAULT_SERVICES) {
      expect(s.id).toBe(`svc_${s.linkName}`);
      expect(s.kind).toBe('default');
    }
  });

  it.each(byName)('%s: category is listed, reach has one honest line, docs are https', (_n, s) => {
    expect(CATEGORIES).toContain(s.category);
    expect(s.reachWhy).not.toMatch(/\n/);
    expect(s.reachWhy.length).toBeLessThanOrEqual(200);
    expect(s.description.length).toBeGreaterThan(0);
    expect(s.docsUrl && isHttps(s.docsUrl)).toBe(true);
  });

  it.each(byName)('%s: data centre ids are unique and the auth section matches the auth type', (_n, s) => {
    const ids = s.dataCenters.map((dc) => dc.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Boolean(s.oauth2)).toBe(s.authType === 'oauth2');
    expect(Boolean(s.apikey)).toBe(s.authType === 'apikey');
    expect(Boolean(s.basic)).toBe(s.authType === 'basic');
  });

  it('every category is used by at least one service', () => {
    for (const category of CATEGORIES)
      expect(
        DEFAULT_SERVICES.some((s) => s.category === category),
        category,
      ).toBe(true);
  });
});

describe('catalog: origins and endpoints', () => {
  it.each(byName)('%s: every API origin, accounts origin, hostMap target and endpoint is https (sandbox excepted)', (_n, s) => {
    for (const dc of s.dataCenters.map((d) => liveDataCenter(s, d))) {
      for (const origin of dc.apiOrigins) expect(urlAllowedIn(dc, origin), `${dc.id} ${origin}`).toBe(true);
      if (dc.accountsOrigin) expect(urlAllowedIn(dc, dc.accountsOrigin), dc.accountsOrigin).toBe(true);
      for (const [from, to] of Object.entries(dc.hostMap)) {
        expect(isHttps(from), `${dc.id} hostMap key ${from}`).toBe(true);
        expect(new URL(from).origin).toBe(from);
        expect(urlAllowedIn(dc, to), `${dc.id} hostMap target ${to}`).toBe(true);
      }
      for (const endpoint of endpointsOf(s)) {
        const resolved = resolveEndpoint(endpoint, dc, SAMPLE_TENANT);
        expect(resolved).not.toMatch(/\{accounts\}|\{tenant\}/);
        expect(urlAllowedIn(dc, resolved), `${dc.id} ${resolved}`).toBe(true);
      }
    }
  });

  it.each(byName)('%s: hostMap targets stay inside the data centre (API or accounts origin)', (_n, s) => {
    for (const dc of s.dataCenters.map((d) => liveDataCenter(s, d))) {
      const allowed = new Set([...dc.apiOrigins, ...(dc.accountsOrigin ? [dc.accountsOrigin] : [])]);
      for (const target of Object.values(dc.hostMap)) expect(allowed.has(target), `${dc.id} → ${target}`).toBe(true);
    }
  });

  it.each(byName)('%s: the test request reaches an allowed API origin in every data centre', (_n, s) => {
    expect(s.testRequest).toBeDefined();
    const url = fillTenant(s.testRequest?.url ?? '');
    expect(isHttps(url), url).toBe(true);
    for (const dc of s.dataCenters.map((d) => liveDataCenter(s, d))) expect(dc.apiOrigins, `${dc.id}`).toContain(originAfterHostMap(url, dc));
  });

  it('only a sandbox data centre ever uses plain http', () => {
    const httpDcs = DEFAULT_SERVICES.flatMap((s) =>
      s.dataCenters.filter((dc) => [...dc.apiOrigins, dc.accountsOrigin ?? 'https://x'].some((u) => !isHttps(u))).map((dc) => dc.id),
    );
    expect(new Set(httpDcs).size).toBeLessThanOrEqual(1);
    for (const id of httpDcs) expect(id).toBe(SANDBOX_DATA_CENTER_ID);
  });

  it('the checks above reject an http origin outside the sandbox', () => {
    const dc: DataCenter = { id: 'global', label: 'Global', apiOrigins: ['https://a.example'], hostMap: {} };
    expect(urlAllowedIn(dc, 'http://api.example.com')).toBe(false);
    expect(urlAllowedIn(dc, 'http://localhost:4010')).toBe(false);
    expect(urlAllowedIn({ ...dc, id: SANDBOX_DATA_CENTER_ID }, SANDBOX_ORIGIN)).toBe(true);
    const bad = { ...(CATALOG_INPUTS[0] as ServiceInput), dataCenters: [{ ...dc, apiOrigins: ['http://api.example.com'] }] };
    expect(Service.safeParse(bad).success).toBe(false);
  });
});

describe('catalog: secrets and scopes', () => {
  it('marks every API key parameter that looks like a secret as secret, explicitly', () => {
    const apikeyInputs = CATALOG_INPUTS.filter((i) => i.authType === 'apikey');
    expect(apikeyInputs.length).toBeGreaterThan(0);
    for (const input of apikeyInputs) {
      for (const param of input.apikey?.params ?? []) {
        if (SECRET_LIKE.test(param.key) || SECRET_LIKE.test(param.label)) expect(param.secret, `${input.linkName}.${param.key}`).toBe(true);
      }
    }
  });

  it('Stripe sends its key as a Bearer header; Twilio and Mailgun use Basic', () => {
    expect(getDefaultService('stripe')?.apikey?.params).toEqual([
      expect.objectContaining({ in: 'header', key: 'Authorization', format: 'Bearer {value}', secret: true }),
    ]);
    expect(getDefaultService('twilio')?.basic).toEqual({ usernameLabel: 'Account SID', passwordLabel: 'Auth Token', usernameSecret: false });
    expect(getDefaultService('mailgun')?.authType).toBe('basic');
    expect(getDefaultService('sendgrid')?.apikey?.params[0]?.secret).toBe(true);
  });

  it.each(byName)('%s: scopes have unique values, readable labels and no delimiter inside a value', (_n, s) => {
    const scopes = s.oauth2?.scopes ?? [];
    const values = scopes.map((sc) => sc.value);
    expect(new Set(values).size).toBe(values.length);
    for (const scope of scopes) {
      expect(scope.label).not.toBe(scope.value);
      expect(scope.value).not.toContain(s.oauth2?.scopeDelimiter ?? ' ');
      expect(scope.value).not.toMatch(/\s/);
    }
  });

  it('uses "fullaccess" scopes only where explicitly allowed', () => {
    for (const s of DEFAULT_SERVICES) {
      const full = (s.oauth2?.scopes ?? []).map((sc) => sc.value).filter((v) => /fullaccess/i.test(v));
      expect(full, s.linkName).toEqual(FULLACCESS_ALLOWED[s.linkName] ?? []);
    }
  });
});

describe('catalog: Zoho family', () => {
  it('includes the required Zoho products with the link names other code relies on', () => {
    const required = [
      'bigin',
      'books',
      'crm',
      'desk',
      'projects',
      'mail',
      'invoice',
      'inventory',
      'people',
      'creator',
      'sheet',
      'workdrive',
      'sign',
      'campaigns',
      'cliq',
      'recruit',
      'expense',
      'analytics',
      'billing',
      'salesiq',
    ];
    for (const product of required) expect(getDefaultService(`zoho_${product}`), product).toBeDefined();
  });

  it.each(zohoServices.map((s) => [s.linkName, s] as const))('%s: all nine data centres plus the local sandbox', (_n, s) => {
    expect(s.dataCenters.map((dc) => dc.id)).toEqual([...ZOHO_DCS, SANDBOX_DATA_CENTER_ID]);
    const sandbox = s.dataCenters.find((dc) => dc.id === SANDBOX_DATA_CENTER_ID);
    expect(sandbox?.label).toBe('Sandbox (local)');
    expect(sandbox?.accountsOrigin).toBe(SANDBOX_ORIGIN);
    expect(sandbox?.apiOrigins).toEqual([SANDBOX_ORIGIN]);
  });

  it.each(zohoServices.map((s) => [s.linkName, s] as const))('%s: Zoho OAuth settings', (_n, s) => {
    const o = s.oauth2;
    expect(s.authType).toBe('oauth2');
    expect(o?.tokenHeader).toBe('Zoho-oauthtoken {token}');
    expect(o?.extraAuthParams).toEqual({ access_type: 'offline', prompt: 'consent' });
    expect(o?.scopeDelimiter).toBe(',');
    expect(o?.pkce).toBe(true);
    expect(o?.clientId).toBe('');
    expect(o?.authorizeUrl).toBe('{accounts}/oauth/v2/auth');
    expect(o?.tokenUrl).toBe('{accounts}/oauth/v2/token');
    expect(o?.revokeUrl).toBe('{accounts}/oauth/v2/token/revoke');
    expect(o?.scopes.length).toBeGreaterThan(0);
    expect(s.reach).toBe('needs-relay');
    expect(s.reachWhy).toMatch(/relay/);
    expect(s.reachWhy).toMatch(/Sandbox/);
  });

  it.each(zohoServices.map((s) => [s.linkName, s] as const))(
    '%s: every data centre rewrites the same US hosts, including zohoapis and accounts',
    (_n, s) => {
      const us = s.dataCenters[0];
      const keys = Object.keys(us?.hostMap ?? {}).sort();
      expect(keys).toContain('https://www.zohoapis.com');
      expect(keys).toContain('https://accounts.zoho.com');
      for (const dc of s.dataCenters) {
        expect(Object.keys(dc.hostMap).sort(), dc.id).toEqual(keys);
        expect(dc.apiOrigins[0], dc.id).toBe(dc.hostMap['https://www.zohoapis.com']);
        expect(dc.hostMap['https://accounts.zoho.com']).toBe(dc.accountsOrigin);
      }
    },
  );

  it('uses the documented accounts servers and API domains (Zoho Accounts multi-DC page)', () => {
    const books = getDefaultService('zoho_books');
    const dc = (id: string) => books?.dataCenters.find((d) => d.id === id);
    expect(dc('us')?.accountsOrigin).toBe('https://accounts.zoho.com');
    expect(dc('eu')?.accountsOrigin).toBe('https://accounts.zoho.eu');
    expect(dc('au')?.accountsOrigin).toBe('https://accounts.zoho.com.au');
    expect(dc('ca')?.accountsOrigin).toBe('https://accounts.zohocloud.ca');
    expect(dc('cn')?.accountsOrigin).toBe('https://accounts.zoho.com.cn');
    expect(dc('eu')?.apiOrigins).toEqual(['https://www.zohoapis.eu', 'https://books.zoho.eu']);
    expect(dc('eu')?.hostMap).toMatchObject({
      'https://www.zohoapis.com': 'https://www.zohoapis.eu',
      'https://books.zoho.com': 'https://books.zoho.eu',
    });
    expect(dc('ca')?.apiOrigins).toEqual(['https://www.zohoapis.ca', 'https://books.zohocloud.ca']);
    expect(dc(SANDBOX_DATA_CENTER_ID)?.hostMap).toEqual({
      'https://www.zohoapis.com': SANDBOX_ORIGIN,
      'https://books.zoho.com': SANDBOX_ORIGIN,
      'https://accounts.zoho.com': SANDBOX_ORIGIN,
    });
    expect(getDefaultService('zoho_bigin')?.dataCenters.find((d) => d.id === 'eu')?.apiOrigins).toEqual(['https://www.zohoapis.eu']);
  });

  it('Books and Bigin carry the scopes and checks the end-to-end flow uses', () => {
    const books = getDefaultService('zoho_books');
    const bigin = getDefaultService('zoho_bigin');
    expect(books?.oauth2?.scopes.map((s) => s.value)).toContain('ZohoBooks.fullaccess.all');
    expect(bigin?.oauth2?.scopes.map((s) => s.value)).toContain('ZohoBigin.modules.ALL');
    expect(books?.testRequest).toEqual(expect.objectContaining({ method: 'GET', url: 'https://www.zohoapis.com/books/v3/organizations' }));
    expect(bigin?.testRequest?.url).toMatch(/^https:\/\/www\.zohoapis\.com\/bigin\/v2\//);
    expect(books?.rateLimit).toEqual({ requests: 100, perMs: 60_000, key: 'organization' });
  });
});

describe('catalog: reach labels follow each provider’s PKCE, public-client and CORS support', () => {
  it.each([
    ['microsoft_graph', 'direct'],
    ['spotify', 'direct'],
    ['dropbox', 'direct'],
    ['gitlab', 'direct'],
    ['google_drive', 'implicit-only'],
    ['google_sheets', 'implicit-only'],
    ['salesforce', 'direct'],
    ['shopify', 'needs-relay'],
    ['github', 'needs-relay'],
    ['x_twitter', 'needs-relay'],
    ['xero', 'needs-relay'],
  ])('%s is %s', (linkName, reach) => {
    expect(getDefaultService(linkName)?.reach).toBe(reach);
  });

  it('every "direct" OAuth preset uses PKCE without a client secret', () => {
    for (const s of DEFAULT_SERVICES.filter((x) => x.reach === 'direct' && x.authType === 'oauth2')) {
      expect(s.oauth2?.pkce, s.linkName).toBe(true);
      expect(s.oauth2?.clientSecretRequired, s.linkName).toBe(false);
    }
  });

  it('says so when a token endpoint has no documented CORS', () => {
    const undocumented = DEFAULT_SERVICES.filter((s) => /CORS not documented/.test(s.reachWhy));
    expect(undocumented.length).toBeGreaterThan(0);
    for (const s of undocumented) expect(s.reach, s.linkName).toBe('needs-relay');
  });
});

describe('catalog: per-customer hosts ({tenant})', () => {
  it('ships Salesforce, Shopify, Zendesk and Freshdesk with the tenant each asks for', () => {
    expect(tenantServices.map((s) => [s.linkName, s.tenant?.label]).sort()).toEqual([
      ['freshdesk', 'Helpdesk subdomain'],
      ['salesforce', 'My Domain name'],
      ['shopify', 'Shop name'],
      ['zendesk', 'Subdomain'],
    ]);
  });

  it('uses {tenant} only in presets that ask for one, so every placeholder gets filled', () => {
    for (const s of DEFAULT_SERVICES.filter((x) => !x.tenant)) {
      const templates = [
        ...s.dataCenters.flatMap((dc) => [...dc.apiOrigins, dc.accountsOrigin ?? '', ...Object.entries(dc.hostMap).flat()]),
        ...endpointsOf(s),
        s.testRequest?.url ?? '',
      ];
      for (const t of templates) expect(t, s.linkName).not.toContain(TENANT_PLACEHOLDER);
    }
  });

  it.each(tenantServices.map((s) => [s.linkName, s] as const))(
    '%s: with a tenant filled in, every origin and endpoint is that customer’s https host',
    (_n, s) => {
      const mainApi =
        liveDataCenter(
          s,
          s.dataCenters.find((d) => d.id === s.defaultDataCenterId)!,
        ).apiOrigins[0] ?? '';
      expect(s.tenant?.hint, 'the hint shows which part of the host to type').toContain(new URL(mainApi).hostname.replace(SAMPLE_TENANT, 'acme'));
      for (const dc of s.dataCenters) {
        const live = liveDataCenter(s, dc);
        const origins = [...live.apiOrigins, ...(live.accountsOrigin ? [live.accountsOrigin] : []), ...Object.values(live.hostMap)];
        for (const origin of origins) {
          expect(isHttps(origin), origin).toBe(true);
          expect(new URL(origin).hostname.startsWith(`${SAMPLE_TENANT}.`), origin).toBe(true);
        }
        for (const endpoint of endpointsOf(s)) {
          const url = new URL(resolveEndpoint(endpoint, live, SAMPLE_TENANT));
          expect(url.protocol).toBe('https:');
          expect(url.hostname.startsWith(`${SAMPLE_TENANT}.`), url.href).toBe(true);
        }
        const test = new URL(fillTenant(s.testRequest?.url ?? ''));
        expect(live.apiOrigins, `${dc.id} ${test.href}`).toContain(originAfterHostMap(test.href, live));
      }
    },
  );

  it.each(tenantServices.map((s) => [s.linkName, s] as const))('%s: a missing or host-breaking tenant gives no data centre to send to', (_n, s) => {
    for (const bad of ['', 'evil.example/x', 'acme.evil', 'Acme', '-acme']) {
      expect(connectionDataCenter(s, s.defaultDataCenterId, bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('Salesforce runs OAuth on the org’s My Domain (the only host with token endpoint CORS), with PKCE and no secret', () => {
    const s = getDefaultService('salesforce')!;
    const dc = (id: string) =>
      liveDataCenter(
        s,
        s.dataCenters.find((d) => d.id === id)!,
      );
    expect(s.dataCenters.map((d) => d.id)).toEqual(['production', 'sandbox', 'developer']);
    expect(resolveEndpoint(s.oauth2!.tokenUrl, dc('production'), SAMPLE_TENANT)).toBe(
      `https://${SAMPLE_TENANT}.my.salesforce.com/services/oauth2/token`,
    );
    expect(resolveEndpoint(s.oauth2!.authorizeUrl, dc('sandbox'), SAMPLE_TENANT)).toBe(
      `https://${SAMPLE_TENANT}.sandbox.my.salesforce.com/services/oauth2/authorize`,
    );
    expect(dc('sandbox').hostMap).toEqual({ [`https://${SAMPLE_TENANT}.my.salesforce.com`]: `https://${SAMPLE_TENANT}.sandbox.my.salesforce.com` });
    expect(s.oauth2?.pkce).toBe(true);
    expect(s.oauth2?.clientSecretRequired).toBe(false);
    expect(s.oauth2?.scopes.map((x) => x.value)).toEqual(expect.arrayContaining(['api', 'refresh_token', 'offline_access']));
    expect(s.reachWhy).toMatch(/CORS/);
  });

  it('Shopify sends its token in X-Shopify-Access-Token; Freshdesk sends the API key as the Basic username', () => {
    const shopify = getDefaultService('shopify')!;
    expect(shopify.oauth2).toMatchObject({
      tokenHeaderName: 'X-Shopify-Access-Token',
      tokenHeader: '{token}',
      scopeDelimiter: ',',
      clientSecretRequired: true,
    });
    expect(shopify.testRequest).toMatchObject({ method: 'POST', jsonBody: { query: expect.stringContaining('shop') } });
    expect(getDefaultService('zendesk')?.oauth2?.tokenHeaderName).toBe('Authorization');
    const freshdesk = getDefaultService('freshdesk')!;
    expect(freshdesk.authType).toBe('basic');
    expect(freshdesk.basic).toEqual({ usernameLabel: 'API key', passwordLabel: 'Password (enter X)', usernameSecret: true });
  });
});

describe('catalog: lookup and sandbox constants', () => {
  it('finds a service by id or link name, and nothing for an unknown key', () => {
    expect(getDefaultService('svc_zoho_books')?.linkName).toBe('zoho_books');
    expect(getDefaultService('zoho_bigin')?.id).toBe('svc_zoho_bigin');
    expect(getDefaultService('no_such_service')).toBeUndefined();
    expect(getDefaultService('')).toBeUndefined();
  });

  it('exposes the sandbox origin, client id and data centre id', () => {
    expect(new URL(SANDBOX_ORIGIN).origin).toBe(SANDBOX_ORIGIN);
    expect(SANDBOX_CLIENT_ID).toBe('workflow-builder');
    expect(SANDBOX_DATA_CENTER_ID).toBe('sandbox');
  });
});
