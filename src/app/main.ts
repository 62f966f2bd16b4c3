import '../domain/zodConfig.ts';
import { mount } from 'svelte';
import '../ui/theme.css';
import App from './App.svelte';
import { getSettings, openDatabase } from '../storage/index.ts';
import { applyTheme } from '../ui/shell/theme.ts';
import { startApp } from './startup.ts';
import { isCallbackLocation } from './router.svelte.ts';
import { appUpdate } from './update.svelte.ts';
import { blockedByPolicy, watchPolicyViolations } from './policyViolations.ts';
import { configureAuth } from '../auth/deps.ts';

async function boot(): Promise<void> {
  watchPolicyViolations();
  configureAuth({ blockedByPolicy });
  const opened = await openDatabase();
  if (opened.ok) {
    applyTheme((await getSettings()).theme);
    await startApp();
    // The OAuth client is loaded only when a provider sends the person back.
    if (isCallbackLocation()) await (await import('./callback.ts')).completeCallback();
  }
  mount(App, { target: document.getElementById('app')! });
  appUpdate.start();
  // Live workflows load on demand so the first screen stays small, but start on every page.
  if (opened.ok) void import('./live/start.ts').then((live) => live.startLiveWorkflows());
}

void boot();
