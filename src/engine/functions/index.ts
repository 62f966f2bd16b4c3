export * from './arguments.ts';
export * from './catalog.ts';
export * from './delugeHost.ts';
export * from './registry.ts';
export * from './syncContact.ts';
export type * from './types.ts';
export * from './delugeTemplate.ts';
