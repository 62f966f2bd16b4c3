import type { Settings } from '../../app/facades/settings.ts';

/** `system` leaves the choice to prefers-color-scheme; the stylesheet handles both. */
export function applyTheme(theme: Settings['theme']): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
