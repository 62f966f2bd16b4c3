/**
 * Headers for every page the app serves (dev and preview).
 * frame-ancestors cannot be set from a <meta> CSP, so the server sends them.
 * @see ../README.md "Security headers"
 */
const sandboxOrigin = process.env.VITE_SANDBOX_ORIGIN ?? 'http://localhost:4010';
const sandboxOrigins = [sandboxOrigin, sandboxOrigin.replace('localhost', '127.0.0.1')];

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:* ws://localhost:5173",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  `form-action 'self' ${sandboxOrigins.join(' ')}`,
  "worker-src 'self'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};
