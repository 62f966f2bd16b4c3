export { default as ConnectionsPage } from './ConnectionsPage.svelte';
