export * from './client.ts';
export * from './rateLimiter.ts';
export * from './retry.ts';
export * from './url.ts';
