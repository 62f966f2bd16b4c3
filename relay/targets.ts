import { Refusal } from './errors.ts';

export interface CatalogData {
  sandboxOrigin: string;
  targets: string[];
  tokenEndpoints: string[];
}

const TENANT = '{tenant}';
/** One DNS label, as the app's tenant rule allows: a tenant can never add dots or another host. */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function matcher(pattern: string): (value: string) => boolean {
  if (!pattern.includes(TENANT)) return (value) => value === pattern;
  const regex = new RegExp(`^${pattern.split(TENANT).map(escape).join(LABEL)}$`);
  return (value) => regex.test(value);
}

/** The catalog data with the relay's own sandbox origin in place of the catalog's default. */
export function withSandboxOrigin(catalog: CatalogData, sandboxOrigin: string): CatalogData {
  const swap = (value: string): string =>
    value.startsWith(catalog.sandboxOrigin) ? sandboxOrigin + value.slice(catalog.sandboxOrigin.length) : value;
  return { sandboxOrigin, targets: catalog.targets.map(swap), tokenEndpoints: catalog.tokenEndpoints.map(swap) };
}

/** Parses X-Relay-Target: exactly an origin, nothing more (no path, query, user info). */
export function parseTarget(value: string | undefined): string {
  if (!value) throw new Refusal('RELAY_TARGET_MISSING');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Refusal('RELAY_TARGET_MISSING');
  }
  if (url.origin === 'null' || url.origin !== value.replace(/\/$/, '')) throw new Refusal('RELAY_TARGET_MISSING');
  return url.origin;
}

export class TargetPolicy {
  private readonly catalogTargets: Array<(origin: string) => boolean>;
  private readonly tokenEndpoints: Array<(url: string) => boolean>;

  constructor(catalog: CatalogData) {
    this.catalogTargets = catalog.targets.map(matcher);
    this.tokenEndpoints = catalog.tokenEndpoints.map(matcher);
  }

  /**
   * Catalog origins for everyone paired; a custom service's origin only when the person approved it
   * in the app (sent with the pairing token), never guessed from the request.
   */
  check(origin: string, approved: readonly string[], declaredCustom: boolean): void {
    if (this.catalogTargets.some((match) => match(origin))) return;
    if (approved.includes(origin)) return;
    // The app's "custom service" declaration grants nothing; it only picks the message that names the fix.
    throw new Refusal(declaredCustom ? 'RELAY_TARGET_NOT_APPROVED' : 'RELAY_TARGET_NOT_ALLOWED');
  }

  isTokenEndpoint(url: string): boolean {
    return this.tokenEndpoints.some((match) => match(url));
  }
}
