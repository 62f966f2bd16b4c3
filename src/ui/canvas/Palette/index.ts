export { default as Palette } from './Palette.svelte';
export { PALETTE_MIME } from './types.ts';
