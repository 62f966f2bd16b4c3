import { ConfigError, DEFAULT_PORT, loadConfig } from './config.ts';
import { startRelay } from './server.ts';

function fail(message: string): never {
  console.error(`relay: ${message}`);
  process.exit(2);
}

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  fail(error instanceof ConfigError ? error.message : 'could not read its configuration');
}

const relay = await startRelay({ config }).catch((error: unknown) => fail(error instanceof Error ? error.message : 'could not start'));
const appOrigin = config.appOrigins[0];
const relayParam = relay.port === DEFAULT_PORT ? '' : `&relay=${encodeURIComponent(relay.url)}`;
console.log(
  `Relay listening on ${relay.url} (app origins: ${config.appOrigins.join(', ')}; client secrets for: ${config.clients.map((c) => c.clientId).join(', ') || 'none'})`,
);
console.log(`Pair this relay: ${appOrigin}/#/settings/relay?pair=${relay.pairingCode()}${relayParam}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  relay.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
