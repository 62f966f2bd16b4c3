export { default as RunDetail } from './RunDetail.svelte';
