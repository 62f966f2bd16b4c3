import { z } from 'zod';

/** Zoho's rule for connection and service link names (https://www.zoho.com/deluge/help/connections.html). */
export const LINK_NAME_MAX = 50;
const LINK_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

export const LinkName = z
  .string()
  .min(1, 'Link name is required')
  .max(LINK_NAME_MAX, `Link name must be at most ${LINK_NAME_MAX} characters`)
  .regex(LINK_NAME_PATTERN, 'Link name must start with a lower-case letter and use only a–z, 0–9 and "_"');

export function linkNameProblem(value: string): string | null {
  const result = LinkName.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Invalid link name');
}

/** "Bigin Connection" → "bigin_connection"; never empty, always valid. */
export function slugifyLinkName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, LINK_NAME_MAX)
    .replace(/_+$/, '');
  return slug || 'connection';
}

/** The first of `base`, `base_2`, `base_3` … not in `taken`, trimmed so the suffix still fits. */
export function uniqueLinkName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `_${n}`;
    const candidate = base.slice(0, LINK_NAME_MAX - suffix.length).replace(/_+$/, '') + suffix;
    if (!used.has(candidate)) return candidate;
  }
}

export function generateLinkName(name: string, taken: Iterable<string>): string {
  return uniqueLinkName(slugifyLinkName(name), taken);
}
