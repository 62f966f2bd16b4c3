import type { DataCenter, Scope, ServiceInput } from '../domain/service.ts';
import type { Category } from './categories.ts';

/** A catalog entry before parsing: `id` and `kind` are derived from the link name. */
export type PresetInput = Omit<ServiceInput, 'id' | 'kind' | 'category'> & { linkName: string; category: Category };

export function preset(input: PresetInput): ServiceInput {
  return { ...input, id: `svc_${input.linkName}`, kind: 'default' };
}

/** `[value, label]` pairs → scope objects; keeps the provider files readable. */
export function scopes(pairs: ReadonlyArray<readonly [string, string]>): Scope[] {
  return pairs.map(([value, label]) => ({ value, label }));
}

export const GLOBAL_DATA_CENTER_ID = 'global';

/** Providers with one worldwide deployment: a single data centre and no host rewriting. */
export function globalDataCenter(apiOrigins: string[], accountsOrigin?: string): DataCenter[] {
  return [
    {
      id: GLOBAL_DATA_CENTER_ID,
      label: 'Global',
      apiOrigins,
      hostMap: {},
      ...(accountsOrigin ? { accountsOrigin } : {}),
    },
  ];
}
