export { default as Splitter } from './Splitter.svelte';
export { readHeight, writeHeight, clampHeight } from './height.ts';
