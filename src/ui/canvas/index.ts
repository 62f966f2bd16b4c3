export { default as EditorPage } from './EditorPage.svelte';
