export { default as LiveSwitch } from './LiveSwitch.svelte';
export { default as LiveStatusLine } from './LiveStatusLine.svelte';
export { statusLine, troubleText } from './words.ts';
