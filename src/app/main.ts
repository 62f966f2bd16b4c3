import '../domain/zodConfig.ts';
import { mount } from 'svelte';
import '../ui/theme.css';
import App from './App.svelte';
import { getSettings, openDatabase } from '../storage/index.ts';
import { applyTheme } from '../ui/shell/theme.ts';
import { startApp } from './startup.ts';
import { isCallbackLocation } from './router.svelte.ts';
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
}

void boot();
