export { default as RunDetail } from './RunDetail.svelte';
export { default as RunnerRunDetail } from './RunnerRunDetail.svelte';
