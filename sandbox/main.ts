import { DEFAULT_APP_ORIGINS, startSandbox } from './server.ts';
import { deleteDataFile, openDb, setMeta } from './store/db.ts';
import { seed } from './store/seed.ts';
import { Clock } from './clock.ts';

const FLAGS = new Set(['--fresh', '--reset-only']);

function fail(message: string): never {
  console.error(`sandbox: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
for (const arg of args) if (!FLAGS.has(arg)) fail(`unknown argument ${arg} (supported: ${[...FLAGS].join(', ')})`);

const dataDir = process.env.SANDBOX_DATA_DIR || '.sandbox-data';
const portText = process.env.SANDBOX_PORT || '4010';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`SANDBOX_PORT must be a port number, got "${portText}"`);

const appOrigins = (process.env.SANDBOX_APP_ORIGINS ?? '')
  .split(',')
  .map((o) => o.trim())
  .filter((o) => o !== '');
for (const o of appOrigins) {
  try {
    const url = new URL(o);
    if (url.origin !== o.replace(/\/$/, '')) throw new Error('not an origin');
  } catch {
    fail(`SANDBOX_APP_ORIGINS entry "${o}" is not an origin like http://localhost:5173`);
  }
}

if (args.includes('--reset-only')) {
  deleteDataFile(dataDir);
  const db = openDb(dataDir);
  seed(db, new Clock());
  setMeta(db, 'seeded', '1');
  db.close();
  console.log(`sandbox: data in ${dataDir} reset to the seed`);
} else {
  const strict = process.env.SANDBOX_STRICT === '1';
  const sandbox = await startSandbox({ port, dataDir, appOrigins, fresh: args.includes('--fresh'), settings: { strict } }).catch((e: unknown) =>
    fail(e instanceof Error ? e.message : String(e)),
  );
  console.log(`Zoho sandbox listening on ${sandbox.url}`);
  console.log(
    `  data: ${dataDir}; app origins: ${sandbox.appOrigins.join(', ')}${strict ? '; strict (like real Zoho: no CORS on the token endpoint and Books)' : ''}`,
  );
  if (appOrigins.length === 0) console.log(`  (defaults: ${DEFAULT_APP_ORIGINS.join(', ')})`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`sandbox: ${signal}, closing`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
