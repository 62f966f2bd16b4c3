export { default as LiveSwitch } from './LiveSwitch.svelte';
export { default as LiveStatusLine } from './LiveStatusLine.svelte';
export { default as BackfillPanel } from './BackfillPanel.svelte';
export { backfillEta, backfillSummary, statusLine, troubleText } from './words.ts';
