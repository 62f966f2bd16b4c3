/**
 * Where a step added from the palette by click or tap goes, and what it is connected to. There is no
 * pointer position to go by, so it goes where the flow continues: under the selected step (under the
 * free branch of a condition), else under the lowest step in view, and never on top of another step.
 */
import type { Branch, NodeType, WorkflowNode } from '../../../domain/index.ts';
import { addNode, connect, type EditorDoc, type Point } from './document.ts';
import { STEP_HEIGHT, STEP_WIDTH } from './flow.ts';

/** Space left between a step and the next one, below or beside it. */
export const STEP_GAP = 48;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Placement {
  position: Point;
  /** The step the new one follows, and the condition branch it follows on. */
  from?: { source: string; branch?: Branch };
}

export interface PlaceOptions {
  /** The one selected step, if exactly one is selected. */
  selectedId?: string | undefined;
  /** The part of the canvas on screen, in flow coordinates. */
  visible?: Rect | undefined;
}

function rectOf(node: WorkflowNode, at: Point): Rect {
  return { x: at.x, y: at.y, width: STEP_WIDTH, height: STEP_HEIGHT[node.type] };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The first branch of a condition that leads nowhere yet: true before false. */
export function freeBranch(doc: EditorDoc, conditionId: string): Branch | undefined {
  const used = new Set(doc.edges.filter((edge) => edge.source === conditionId).map((edge) => edge.branch));
  if (!used.has('true')) return 'true';
  if (!used.has('false')) return 'false';
  return undefined;
}

/** Moves `wanted` down, past each step it would touch (with a gap), until it touches none. */
function clearOf(doc: EditorDoc, type: NodeType, wanted: Point): Point {
  const rects = doc.nodes.flatMap((node) => {
    const at = doc.layout.nodes[node.id];
    // Each existing step is widened by the gap, so the new one never sits flush against it either.
    return at ? [{ x: at.x - STEP_GAP / 2, y: at.y - STEP_GAP / 2, width: STEP_WIDTH + STEP_GAP, height: STEP_HEIGHT[node.type] + STEP_GAP }] : [];
  });
  const at = { ...wanted };
  for (;;) {
    const mine = { x: at.x, y: at.y, width: STEP_WIDTH, height: STEP_HEIGHT[type] };
    const blocker = rects.find((rect) => overlaps(mine, rect));
    if (!blocker) return at;
    // Strictly below the blocker, so the loop ends after at most one pass per step.
    at.y = blocker.y + blocker.height + STEP_GAP / 2;
  }
}

function belowSelected(doc: EditorDoc, type: NodeType, selected: WorkflowNode, at: Point): Placement {
  const y = at.y + STEP_HEIGHT[selected.type] + STEP_GAP;
  if (selected.type === 'condition') {
    const branch = freeBranch(doc, selected.id);
    if (!branch) return { position: { x: at.x, y } };
    const side = (STEP_WIDTH + STEP_GAP) / 2;
    const position = { x: at.x + (branch === 'true' ? -side : side), y };
    return type === 'trigger' ? { position } : { position, from: { source: selected.id, branch } };
  }
  const position = { x: at.x, y };
  const follows = selected.type === 'trigger' && type !== 'trigger' && !doc.edges.some((edge) => edge.source === selected.id);
  return follows ? { position, from: { source: selected.id } } : { position };
}

function belowLowest(doc: EditorDoc, visible: Rect | undefined): Point {
  let lowest: Rect | undefined;
  for (const node of doc.nodes) {
    const at = doc.layout.nodes[node.id];
    if (!at) continue;
    const rect = rectOf(node, at);
    if (visible && !overlaps(rect, visible)) continue;
    if (!lowest || rect.y + rect.height > lowest.y + lowest.height) lowest = rect;
  }
  if (lowest) return { x: lowest.x, y: lowest.y + lowest.height + STEP_GAP };
  if (!visible) return { x: 0, y: 0 };
  // Nothing in view: near the top of the view, centred, where the eye starts.
  return { x: visible.x + visible.width / 2 - STEP_WIDTH / 2, y: visible.y + Math.min(STEP_GAP, visible.height / 4) };
}

/** Where a clicked palette step of `type` goes in `doc`, and which step it follows if any. */
export function placeStep(doc: EditorDoc, type: NodeType, options: PlaceOptions = {}): Placement {
  const selected = options.selectedId === undefined ? undefined : doc.nodes.find((node) => node.id === options.selectedId);
  const selectedAt = selected && doc.layout.nodes[selected.id];
  const wanted = selected && selectedAt ? belowSelected(doc, type, selected, selectedAt) : { position: belowLowest(doc, options.visible) };
  const position = clearOf(doc, type, wanted.position);
  return { ...wanted, position: { x: Math.round(position.x), y: Math.round(position.y) } };
}

/** Adds the step where `placement` says and, when it follows a step, the edge to it: one edit, so one undo step. */
export function addPlaced(doc: EditorDoc, node: WorkflowNode, placement: Placement, edgeId: string): EditorDoc {
  const added = addNode(doc, node, placement.position);
  if (!placement.from) return added;
  const joined = connect(added, { source: placement.from.source, target: node.id, sourceHandle: placement.from.branch }, edgeId);
  return typeof joined === 'string' ? added : joined;
}

/**
 * How far the view must move (in flow units, positive = towards larger x / y) to bring `target` into
 * `visible` with `margin` around it: as little as possible, so the steps already in view mostly stay.
 */
export function scrollToShow(visible: Rect, target: Rect, margin = STEP_GAP / 2): Point {
  const along = (viewStart: number, viewSize: number, start: number, size: number): number => {
    const first = viewStart + margin;
    const last = viewStart + viewSize - margin;
    if (start < first) return start - first;
    // Too big to fit: its start edge stays in view.
    if (start + size > last) return Math.min(start + size - last, start - first);
    return 0;
  };
  return { x: along(visible.x, visible.width, target.x, target.width), y: along(visible.y, visible.height, target.y, target.height) };
}
