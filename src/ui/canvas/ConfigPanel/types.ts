import type { ConnectionChoice } from '../../../app/facades/workflows.ts';
import type { TriggerModule, WorkflowNode } from '../../../domain/index.ts';

/** `key` names the edited field so that typing in it becomes one undo step. */
export type NodeChange = (next: WorkflowNode, key: string) => void;

export interface PanelContext {
  module: TriggerModule;
  connections: readonly ConnectionChoice[];
}
