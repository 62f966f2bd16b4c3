export { default as RunnerLiveState } from './RunnerLiveState.svelte';
export { default as RunnerPanel } from './RunnerPanel.svelte';
export { default as SendToRunner } from './SendToRunner.svelte';
export { linkStatusWords, runnerReachability, runnerTriggerLine } from './words.ts';
