import { AppError, originOf, type DataCenter, type Service } from '../domain/index.ts';

/**
 * Zoho tells the app which data centre the account lives in: the callback's `accounts-server` and
 * the token response's `api_domain` (https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html). Both are attacker-reachable input, so
 * each must be an exact origin on the connection's data-centre allowlist before anything is sent
 * there (RFC 9700 §4.4, mix-up attacks).
 */
function describe(value: string): string {
  const origin = originOf(value);
  return origin && origin !== 'null' ? origin : 'an address that is not a valid origin';
}

/** The accounts server to use: the connection's own, when the callback named it or said nothing. */
export function checkAccountsServer(service: Service, dc: DataCenter, value: string | null): string | undefined {
  if (!dc.accountsOrigin) return undefined;
  if (value === null) return dc.accountsOrigin;
  if (value === dc.accountsOrigin) return value;
  const other = service.dataCenters.find((candidate) => candidate.accountsOrigin === value);
  if (other) {
    throw new AppError(
      'OAUTH_DC_NOT_ALLOWED',
      `This account lives in the ${other.label} data centre, but the connection is set to ${dc.label}. Nothing was sent. Create the connection for ${other.label} instead.`,
    );
  }
  throw new AppError(
    'OAUTH_DC_NOT_ALLOWED',
    `The sign-in answer named ${describe(value)} as its accounts server, which is not a ${service.name} data centre. Nothing was sent to it.`,
  );
}

/** The API origin from `api_domain`, or undefined when the provider sends none. */
export function checkApiDomain(service: Service, dc: DataCenter, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && dc.apiOrigins.includes(value)) return value;
  throw new AppError(
    'OAUTH_DC_NOT_ALLOWED',
    `${service.name} pointed API calls at ${typeof value === 'string' ? describe(value) : 'an invalid address'}, which is not an API origin of the ${dc.label} data centre. No token was stored.`,
  );
}
