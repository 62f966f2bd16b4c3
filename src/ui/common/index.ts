export { default as Banner } from './Banner.svelte';
export { default as EmptyState } from './EmptyState.svelte';
export { downloadJson } from './download.ts';
export { errorFix, errorText, errorWords, logEntryCode } from './errorWords.ts';
