export { default as ConfigPanel } from './ConfigPanel.svelte';
export type { NodeChange, PanelContext } from './types.ts';
