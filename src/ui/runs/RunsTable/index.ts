export { default as RunsTable } from './RunsTable.svelte';
