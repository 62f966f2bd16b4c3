export { default as TestRunDialog } from './TestRunDialog.svelte';
export { default as ExecutionLog } from './ExecutionLog.svelte';
export { latestRuns } from './runState.svelte.ts';
