import { z } from 'zod';
import { vaultDelete, vaultDeletePrefix, vaultGet, vaultHas, vaultPut } from './vault.ts';

/** Vault row ids. Everything of a connection shares one prefix, so a disconnect wipes it in one call. */
export const vaultIds = {
  connectionPrefix: (connectionId: string) => `conn:${connectionId}:`,
  tokens: (connectionId: string) => `conn:${connectionId}:tokens`,
  apiKey: (connectionId: string) => `conn:${connectionId}:apikey`,
  basic: (connectionId: string) => `conn:${connectionId}:basic`,
  clientSecret: (serviceId: string) => `svc:${serviceId}:client_secret`,
  verifier: (pendingId: string) => `pending:${pendingId}:verifier`,
  relayPairing: 'relay:pairing',
  runnerPairing: 'runner:pairing',
};

export const TokenSet = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.number().nullable(),
  /** Bumped on every refresh, so a tab that waited for the lock can see someone else refreshed. */
  version: z.number().int().nonnegative(),
});
export type TokenSet = z.infer<typeof TokenSet>;

export const ApiKeyValues = z.record(z.string(), z.string());
export type ApiKeyValues = z.infer<typeof ApiKeyValues>;

export const BasicValues = z.object({ username: z.string(), password: z.string() });
export type BasicValues = z.infer<typeof BasicValues>;

/** The paired relay: its URL, the pairing token it issued, and the custom services approved for it. */
export const RelayPairing = z.object({
  url: z.string().url(),
  token: z.string().min(1),
  version: z.string(),
  approved: z.array(z.object({ serviceId: z.string(), origins: z.array(z.string()) })),
});
export type RelayPairing = z.infer<typeof RelayPairing>;

/** The paired headless runner: its loopback URL and the pairing token it issued for this browser. */
export const RunnerPairing = z.object({ url: z.string().url(), token: z.string().min(1), version: z.string() });
export type RunnerPairing = z.infer<typeof RunnerPairing>;

async function getJson<T>(id: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const text = await vaultGet(id);
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const readRelayPairing = () => getJson(vaultIds.relayPairing, RelayPairing);
export const writeRelayPairing = (pairing: RelayPairing) => vaultPut(vaultIds.relayPairing, JSON.stringify(RelayPairing.parse(pairing)));
export const deleteRelayPairing = () => vaultDelete(vaultIds.relayPairing);
export const readRunnerPairing = () => getJson(vaultIds.runnerPairing, RunnerPairing);
export const writeRunnerPairing = (pairing: RunnerPairing) => vaultPut(vaultIds.runnerPairing, JSON.stringify(RunnerPairing.parse(pairing)));
export const deleteRunnerPairing = () => vaultDelete(vaultIds.runnerPairing);
export const readTokens = (connectionId: string) => getJson(vaultIds.tokens(connectionId), TokenSet);
export const writeTokens = (connectionId: string, tokens: TokenSet) =>
  vaultPut(vaultIds.tokens(connectionId), JSON.stringify(TokenSet.parse(tokens)));
export const readApiKeys = (connectionId: string) => getJson(vaultIds.apiKey(connectionId), ApiKeyValues);
export const writeApiKeys = (connectionId: string, values: ApiKeyValues) => vaultPut(vaultIds.apiKey(connectionId), JSON.stringify(values));
export const readBasic = (connectionId: string) => getJson(vaultIds.basic(connectionId), BasicValues);
export const writeBasic = (connectionId: string, values: BasicValues) => vaultPut(vaultIds.basic(connectionId), JSON.stringify(values));

export const readClientSecret = (serviceId: string) => vaultGet(vaultIds.clientSecret(serviceId));
export const hasClientSecret = (serviceId: string) => vaultHas(vaultIds.clientSecret(serviceId));
export const writeClientSecret = (serviceId: string, secret: string) => vaultPut(vaultIds.clientSecret(serviceId), secret);
export const deleteClientSecret = (serviceId: string) => vaultDelete(vaultIds.clientSecret(serviceId));

export const wipeConnectionSecrets = (connectionId: string) => vaultDeletePrefix(vaultIds.connectionPrefix(connectionId));

/** True when the connection has something stored (the form then shows "•••• saved"). */
export async function hasConnectionSecrets(connectionId: string): Promise<boolean> {
  const ids = [vaultIds.tokens(connectionId), vaultIds.apiKey(connectionId), vaultIds.basic(connectionId)];
  return (await Promise.all(ids.map(vaultHas))).some(Boolean);
}
