import { z } from 'zod';
import { database } from './lifecycle.ts';
import { DEFAULT_RUN_RETENTION } from './runs.ts';

export const Settings = z.object({
  runRetention: z.number().int().min(10).max(100_000).default(DEFAULT_RUN_RETENTION),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
});
export type Settings = z.infer<typeof Settings>;

const KEY = 'settings';

export async function getSettings(): Promise<Settings> {
  const row = await database().meta.get(KEY);
  const parsed = Settings.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : Settings.parse({});
}

export async function saveSettings(change: Partial<Settings>): Promise<Settings> {
  const next = Settings.parse({ ...(await getSettings()), ...change });
  await database().meta.put({ key: KEY, value: next });
  return next;
}
