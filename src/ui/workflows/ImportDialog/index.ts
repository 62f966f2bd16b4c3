export { default as ImportDialog } from './ImportDialog.svelte';
