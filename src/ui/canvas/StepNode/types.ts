import type { NodeType } from '../../../domain/index.ts';

export const KIND_LABELS: Record<NodeType, string> = { trigger: 'Trigger', condition: 'Condition', function: 'Function' };
