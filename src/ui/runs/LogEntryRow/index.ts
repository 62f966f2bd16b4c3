export { default as LogEntryRow } from './LogEntryRow.svelte';
