export { default as Truncated } from './Truncated.svelte';
