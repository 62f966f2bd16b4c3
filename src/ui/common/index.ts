export { default as Banner } from './Banner.svelte';
export { default as EmptyState } from './EmptyState.svelte';
export { errorFix, errorWords, logEntryCode } from './errorWords.ts';
