/**
 * Stable error codes. The UI maps codes to words; logs and tests match on codes, never on text.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'STORAGE_OPEN_FAILED',
  'STORAGE_CORRUPT_ROW',
  'STORAGE_VERSION_CHANGED',
  'LINK_NAME_INVALID',
  'LINK_NAME_TAKEN',
  'LINK_NAME_LOCKED',
  'IMPORT_INVALID',
  'IMPORT_SECRET_FOUND',
  'OAUTH_STATE_MISMATCH',
  'OAUTH_STATE_UNKNOWN',
  'OAUTH_STATE_EXPIRED',
  'OAUTH_ACCESS_DENIED',
  'OAUTH_PROVIDER_ERROR',
  'OAUTH_INVALID_GRANT',
  'OAUTH_DC_NOT_ALLOWED',
  'OAUTH_ISSUER_MISMATCH',
  'OAUTH_UNREACHABLE',
  'OAUTH_CORS_BLOCKED',
  'CSP_BLOCKED',
  'OAUTH_BAD_RESPONSE',
  'VAULT_UNAVAILABLE',
  'RELAY_UNREACHABLE',
  'RELAY_NOT_PAIRED',
  'RELAY_REFUSED',
  'RUNNER_UNREACHABLE',
  'RUNNER_NOT_PAIRED',
  'RUNNER_REFUSED',
  'RUNNER_BAD_WORKFLOW',
  'CONN_NOT_FOUND',
  'CONN_NOT_CONNECTED',
  'CONN_REAUTH_REQUIRED',
  'CONN_ORIGIN_NOT_ALLOWED',
  'CONN_WRONG_SERVICE',
  'HTTP_NETWORK',
  'HTTP_OFFLINE',
  'HTTP_TIMEOUT',
  'HTTP_STATUS',
  'HTTP_RATE_LIMITED',
  'TRIGGER_POLL_FAILED',
  'WORKFLOW_INVALID',
  'TRIGGER_MISMATCH',
  'RUN_CANCELLED',
  'RUN_TIMEOUT',
  'NODE_TIMEOUT',
  'RUN_INTERRUPTED',
  'FUNCTION_FAILED',
  'DELUGE_SYNTAX',
  'DELUGE_RUNTIME',
  'DELUGE_LIMIT',
  'DELUGE_TIMEOUT',
  'DELUGE_HTTP',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** An error with a stable code. `cause` is deliberately not kept: providers put token bodies there. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, string | number | boolean | null> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, string | number | boolean | null>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Turns anything thrown into a code and a message, without ever copying `cause`. */
export function toErrorInfo(error: unknown, fallback: ErrorCode = 'VALIDATION'): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  if (error instanceof Error) return { code: fallback, message: error.message };
  return { code: fallback, message: String(error) };
}
