import { DEFAULT_SERVICES, SANDBOX_ORIGIN } from '../src/catalog/index.ts';
import { resolveEndpoint } from '../src/domain/index.ts';

export interface RelayCatalog {
  /** The catalog's "Sandbox (local)" origin; the relay swaps in its own sandbox origin for it. */
  sandboxOrigin: string;
  /** Origins a needs-relay preset's data centres list; `{tenant}` stands for one DNS label. */
  targets: string[];
  /** Token, refresh and revoke endpoints of those presets: the only URLs that get a client secret. */
  tokenEndpoints: string[];
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

export function relayCatalog(): RelayCatalog {
  const targets: string[] = [];
  const tokenEndpoints: string[] = [];
  for (const service of DEFAULT_SERVICES) {
    if (service.reach !== 'needs-relay') continue;
    for (const dc of service.dataCenters) {
      targets.push(...dc.apiOrigins);
      const oauth2 = service.oauth2;
      if (!oauth2) continue;
      for (const template of [oauth2.tokenUrl, oauth2.refreshUrl, oauth2.revokeUrl]) {
        if (!template) continue;
        const endpoint = resolveEndpoint(template, dc);
        tokenEndpoints.push(endpoint);
        targets.push(new URL(endpoint.replaceAll('{tenant}', 'tenant')).origin.replace('tenant', '{tenant}'));
      }
    }
  }
  return { sandboxOrigin: SANDBOX_ORIGIN, targets: sorted(targets), tokenEndpoints: sorted(tokenEndpoints) };
}
