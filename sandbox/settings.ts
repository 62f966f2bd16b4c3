export interface SandboxSettings {
  /** Life of new access tokens; Zoho issues 3600 s (Zoho Accounts docs, "access token expiry"). */
  accessTokenTtlSeconds: number;
  /** Zoho keeps the refresh token on refresh; turning this on returns a new one and retires the old. */
  rotateRefreshTokens: boolean;
  /** Books: 100 requests per minute per organization. */
  booksRateLimit: { limit: number; windowMs: number };
  booksRateLimitEnabled: boolean;
  /** Books daily plan quota (Free plan: 1000 calls/day); counted per organization per UTC day. */
  booksDailyLimit: number;
  /** true: `search_text` matches contact name and notes only, as Books documents. */
  booksSearchStrict: boolean;
  /**
   * true: a Books request without `organization_id` uses the user's default organization, as the
   * Bigin article's script shows real Books doing; false is the strict answer (400 code 2).
   */
  booksDefaultOrganization: boolean;
  /** HTTP status of token-endpoint errors: Zoho answers 200 with `{error}`; 400 is the RFC 6749 §5.2 way. */
  oauthErrorStatus: 200 | 400;
  /** Life of an authorization code; Zoho Accounts documents 2 minutes. */
  authCodeTtlSeconds: number;
  /** Like real Zoho: no CORS on the token endpoint and the Books API (accounts/strict.ts). */
  strict: boolean;
  /** The secret of the server-based client `workflow-builder-server`. */
  serverClientSecret: string;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  accessTokenTtlSeconds: 3600,
  rotateRefreshTokens: false,
  booksRateLimit: { limit: 100, windowMs: 60_000 },
  booksRateLimitEnabled: true,
  booksDailyLimit: 1000,
  booksSearchStrict: false,
  booksDefaultOrganization: true,
  oauthErrorStatus: 200,
  authCodeTtlSeconds: 120,
  strict: false,
  serverClientSecret: 'sandbox-server-secret',
};

export class SettingsError extends Error {}

const positiveInt = (key: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new SettingsError(`${key} must be a positive integer`);
  }
  return v;
};
const bool = (key: string, v: unknown): boolean => {
  if (typeof v !== 'boolean') throw new SettingsError(`${key} must be true or false`);
  return v;
};

/** Applies a partial update after validating every key; unknown keys are an error, not ignored. */
export function mergeSettings(base: SandboxSettings, patch: unknown): SandboxSettings {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new SettingsError('settings must be a JSON object');
  }
  const next: SandboxSettings = { ...base, booksRateLimit: { ...base.booksRateLimit } };
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case 'accessTokenTtlSeconds':
        next.accessTokenTtlSeconds = positiveInt(key, value);
        break;
      case 'authCodeTtlSeconds':
        next.authCodeTtlSeconds = positiveInt(key, value);
        break;
      case 'booksDailyLimit':
        next.booksDailyLimit = positiveInt(key, value);
        break;
      case 'rotateRefreshTokens':
      case 'booksRateLimitEnabled':
      case 'booksSearchStrict':
      case 'booksDefaultOrganization':
      case 'strict':
        next[key] = bool(key, value);
        break;
      case 'serverClientSecret':
        if (typeof value !== 'string' || !/^[\x21-\x7e]{8,200}$/.test(value))
          throw new SettingsError('serverClientSecret must be 8 to 200 printable characters without spaces');
        next.serverClientSecret = value;
        break;
      case 'oauthErrorStatus':
        if (value !== 200 && value !== 400) throw new SettingsError('oauthErrorStatus must be 200 or 400');
        next.oauthErrorStatus = value;
        break;
      case 'booksRateLimit': {
        if (typeof value !== 'object' || value === null) {
          throw new SettingsError('booksRateLimit must be an object {limit, windowMs}');
        }
        const v = value as Record<string, unknown>;
        for (const k of Object.keys(v)) {
          if (k !== 'limit' && k !== 'windowMs') throw new SettingsError(`unknown setting booksRateLimit.${k}`);
        }
        if ('limit' in v) next.booksRateLimit.limit = positiveInt('booksRateLimit.limit', v.limit);
        if ('windowMs' in v) next.booksRateLimit.windowMs = positiveInt('booksRateLimit.windowMs', v.windowMs);
        break;
      }
      default:
        throw new SettingsError(`unknown setting ${key}`);
    }
  }
  return next;
}
