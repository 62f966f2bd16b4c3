export { default as TestRunDialog } from './TestRunDialog.svelte';
export { default as ExecutionLog } from './ExecutionLog.svelte';
export { default as RunsPage } from './RunsPage.svelte';
export { latestRuns, shownRun, type LatestRun } from './runState.svelte.ts';
