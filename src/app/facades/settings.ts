/** What the Settings page and the theme may use: the person's settings, parsed, with their defaults. */
export { getSettings, saveSettings, type Settings } from '../../storage/settings.ts';
