import type { ErrorInfo } from '../../app/facades/connections.ts';

/** What a person can do about an error whose message alone only states the fact. */
const FIXES: Partial<Record<ErrorInfo['code'], string>> = {
  CSP_BLOCKED:
    'The browser refused to send it, so the server and the network are not at fault. Give the service an https:// address, or, for a server on this computer, http://localhost or http://127.0.0.1 (the policy allows both).',
};

export function errorWords(error: { code?: ErrorInfo['code'] | undefined; message: string }): string {
  const fix = error.code ? FIXES[error.code] : undefined;
  return fix ? `${error.message}. ${fix}` : error.message;
}
