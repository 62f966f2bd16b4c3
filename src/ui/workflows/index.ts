export { default as WorkflowsPage } from './WorkflowsPage.svelte';
export { ImportDialog } from './ImportDialog/index.ts';
