import { writeFileSync } from 'node:fs';
import { relayCatalog } from './relay-catalog-data.ts';

/**
 * Writes the relay's forwarding allowlist from the app's catalog. The relay shares no code with the
 * app, so it reads this generated data file; `test/unit/relay/catalog-sync.test.ts` fails when the two drift.
 */
const file = new URL('../relay/catalog-origins.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(relayCatalog(), null, 2)}\n`);
console.log(`relay: wrote ${file.pathname.split('/').slice(-2).join('/')}`);
