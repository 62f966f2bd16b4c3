export { default as Overview } from './Overview.svelte';
