import { AppError, type Service } from '../domain/index.ts';
import { getConnection, updateConnection } from '../storage/index.ts';
import { authDeps } from './deps.ts';
import { deleteClientSecret, hasConnectionSecrets, readApiKeys, readBasic, writeApiKeys, writeBasic, writeClientSecret } from './secrets.ts';
import { serviceContextOf } from './services.ts';

/** What a form sends for a secret field it did not change (DESIGN.md convention 5). */
export const UNCHANGED = '\u0000unchanged';

export type CredentialInput =
  { kind: 'apikey'; values: Record<string, string> } | { kind: 'basic'; username: string; password: string } | { kind: 'none' };

/** API-key, Basic and no-auth connections are "authorized" by saving what the person typed. */
export async function saveCredentials(connectionId: string, input: CredentialInput): Promise<void> {
  const connection = await getConnection(connectionId);
  if (!connection) throw new AppError('CONN_NOT_FOUND', 'This connection no longer exists.');
  const ctx = await serviceContextOf(connection);
  if (!ctx) throw new AppError('CONN_WRONG_SERVICE', `The service of connection "${connection.linkName}" no longer exists.`);
  const { service } = ctx;
  if (input.kind !== service.authType) throw new AppError('CONN_WRONG_SERVICE', `${service.name} does not use ${input.kind} credentials.`);
  if (input.kind === 'apikey') {
    const previous = (await readApiKeys(connectionId)) ?? {};
    const values: Record<string, string> = {};
    for (const param of service.apikey?.params ?? []) {
      const typed = input.values[param.key] ?? '';
      const value = typed === UNCHANGED ? previous[param.key] : typed;
      if (!value) throw new AppError('VALIDATION', `Enter ${param.label}.`, { field: param.key });
      values[param.key] = value;
    }
    await writeApiKeys(connectionId, values);
  } else if (input.kind === 'basic') {
    const previous = await readBasic(connectionId);
    const password = input.password === UNCHANGED ? previous?.password : input.password;
    const username = input.username === UNCHANGED ? (previous?.username ?? '') : input.username;
    if (!username.trim()) throw new AppError('VALIDATION', `Enter ${service.basic?.usernameLabel ?? 'the username'}.`, { field: 'username' });
    if (!password) throw new AppError('VALIDATION', `Enter ${service.basic?.passwordLabel ?? 'the password'}.`, { field: 'password' });
    await writeBasic(connectionId, { username, password });
  }
  const now = authDeps().now();
  await updateConnection(connectionId, (current) => ({ ...current, status: 'connected', authorizedAt: now, expiresAt: null, lastError: null }));
}

/** Which secret fields already hold a value, for "•••• saved" — never the values. */
export async function savedCredentialFields(
  connectionId: string,
  service?: Pick<Service, 'basic'>,
): Promise<{ any: boolean; apiKeys: string[]; basicSaved: boolean; basicUsername: string | null }> {
  const keys = await readApiKeys(connectionId);
  const basic = await readBasic(connectionId);
  const showUsername = basic && !service?.basic?.usernameSecret;
  return {
    any: await hasConnectionSecrets(connectionId),
    apiKeys: Object.keys(keys ?? {}),
    basicSaved: basic !== undefined && basic !== null,
    basicUsername: showUsername ? basic.username : null,
  };
}

/** A custom service's client secret: a new value, UNCHANGED to keep it, or '' to remove it. */
export async function saveServiceSecret(service: Service, secret: string): Promise<void> {
  if (secret === UNCHANGED) return;
  if (secret === '') await deleteClientSecret(service.id);
  else await writeClientSecret(service.id, secret);
}
