export * from './client.ts';
export * from './originSlots.ts';
export * from './rateLimiter.ts';
export * from './retry.ts';
export * from './url.ts';
