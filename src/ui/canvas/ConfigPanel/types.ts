import type { ConnectionChoice } from '../../../app/facades/workflows.ts';
import type { TriggerModule, WorkflowNode } from '../../../domain/index.ts';
import type { StepName } from '../state/connectTargets.ts';
import type { ConnectRequest, EditorDoc } from '../state/document.ts';

/** `key` names the edited field so that typing in it becomes one undo step. */
export type NodeChange = (next: WorkflowNode, key: string) => void;

export interface PanelContext {
  module: TriggerModule;
  connections: readonly ConnectionChoice[];
  /** The steps and connections, for "Connect to…". */
  graph: Pick<EditorDoc, 'nodes' | 'edges'>;
  stepName: StepName;
  onconnect: (request: ConnectRequest) => void;
}
