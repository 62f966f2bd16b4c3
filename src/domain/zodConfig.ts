import { z } from 'zod';

/**
 * Our CSP forbids eval (script-src 'self'). Zod's fast path compiles parsers with `new Function`, and
 * its probe for that alone raises a securitypolicyviolation, so we switch the fast path off.
 */
z.config({ jitless: true });
