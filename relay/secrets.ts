import type { ClientSecret } from './config.ts';

/**
 * Adds `client_secret` (RFC 6749 §2.3.1, client_secret_post) to a form-encoded token, refresh or
 * revoke request whose `client_id` is one the relay holds a secret for. Any other body passes
 * unchanged; a secret is never added to a request that already names one.
 */
export function withClientSecret(form: string, clients: readonly ClientSecret[]): string {
  const params = new URLSearchParams(form);
  const clientId = params.get('client_id');
  const client = clients.find((c) => c.clientId === clientId);
  if (!client || params.has('client_secret')) return form;
  params.set('client_secret', client.clientSecret);
  return params.toString();
}
