import { z } from 'zod';

export const ID_PREFIXES = { service: 'svc_', connection: 'conn_', workflow: 'wf_', run: 'run_', node: 'n_', edge: 'e_' } as const;
export type IdKind = keyof typeof ID_PREFIXES;

const ID_BODY = /^[A-Za-z0-9_-]{4,64}$/;

/** A new random id with the kind's prefix, e.g. `wf_3f9c…`. */
export function newId(kind: IdKind): string {
  return ID_PREFIXES[kind] + crypto.randomUUID().replaceAll('-', '').slice(0, 20);
}

export function idSchema(kind: IdKind) {
  const prefix = ID_PREFIXES[kind];
  return z.string().refine((value) => value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length)), {
    message: `must be an id starting with "${prefix}"`,
  });
}

export const ServiceId = idSchema('service');
export const ConnectionId = idSchema('connection');
export const WorkflowId = idSchema('workflow');
export const RunId = idSchema('run');
/** Node and edge ids only need to be stable and unique inside one workflow. */
export const LocalId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');
