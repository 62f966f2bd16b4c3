/** One-line summaries of a node's configuration, shared by the list page and the canvas. */
import { describeCondition, fieldLabel } from '../../app/facades/workflows.ts';
import { MODULES, type TriggerConfig, type TriggerModule, type WorkflowNode } from '../../domain/index.ts';

export const EVENT_LABELS = { create: 'Create', edit: 'Edit' } as const;

export function triggerSummary(config: TriggerConfig): string {
  const events = config.events.map((event) => EVENT_LABELS[event]).join(' / ') || 'no event';
  const changed = config.changedFields.length ? ` · when ${config.changedFields.map((f) => fieldLabel(config.module, f)).join(', ')} changed` : '';
  return `${MODULES[config.module].label} · ${events}${changed}`;
}

export function nodeSummary(node: WorkflowNode, module: TriggerModule | undefined): string {
  switch (node.type) {
    case 'trigger':
      return triggerSummary(node.config);
    case 'condition':
      return describeCondition(node.config, (field) => fieldLabel(module, field));
    case 'function': {
      if (node.config.kind === 'deluge') {
        const lines = (node.config.script ?? '').split('\n').filter((line) => line.trim()).length;
        return `Deluge script · ${lines} line${lines === 1 ? '' : 's'}`;
      }
      const linked = Object.entries(node.config.connections)
        .map(([role, linkName]) => `${role}: ${linkName || '—'}`)
        .join(', ');
      return `Built-in action${linked ? ` · ${linked}` : ''}`;
    }
  }
}

export function workflowTriggerSummary(nodes: readonly WorkflowNode[]): string {
  const trigger = nodes.find((node) => node.type === 'trigger');
  return trigger?.type === 'trigger' ? triggerSummary(trigger.config) : 'No trigger yet';
}
