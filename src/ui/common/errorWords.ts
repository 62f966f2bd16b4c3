import { toErrorInfo, type ErrorCode } from '../../domain/index.ts';

/** What a person can do about an error whose message alone only states the fact. */
const FIXES: Partial<Record<ErrorCode, string>> = {
  CSP_BLOCKED:
    'The browser refused to send it, so the server and the network are not at fault. Give the service an https:// address, or, for a server on this computer, http://localhost or http://127.0.0.1 (the policy allows both).',
};

export function errorFix(code: ErrorCode | undefined): string | undefined {
  return code ? FIXES[code] : undefined;
}

export function errorWords(error: { code?: ErrorCode | undefined; message: string }): string {
  const fix = errorFix(error.code);
  return fix ? `${error.message}. ${fix}` : error.message;
}

/** The error code a run log entry carries in its data: an http event's `error.code` or an error's `code`. */
export function logEntryCode(data: unknown): ErrorCode | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const error = 'error' in data && data.error && typeof data.error === 'object' && 'code' in data.error ? data.error.code : undefined;
  const code = error ?? ('code' in data ? data.code : undefined);
  return hasFix(code) ? code : undefined;
}

function hasFix(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(FIXES, code);
}

/** Whatever was thrown, as the sentence a person reads: the error's own words plus the fix for its code. */
export function errorText(caught: unknown, fallback?: ErrorCode): string {
  return errorWords(toErrorInfo(caught, fallback));
}
