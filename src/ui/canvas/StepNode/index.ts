export { default as StepNode } from './StepNode.svelte';
export { KIND_LABELS } from './types.ts';
