/**
 * The minimap's drawing, from the document rather than from Svelte Flow's live nodes. Svelte Flow's
 * own minimap keeps one reactive component per step that re-checks itself on every change of the
 * node list, which is every frame of a drag; here all steps of one kind are one SVG path, redrawn only
 * when the document changes.
 */
import type { NodeType } from '../../../domain/index.ts';
import type { EditorDoc } from './document.ts';
import { STEP_HEIGHT, STEP_WIDTH } from './flow.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Overview {
  /** Around every step, or null when there are none. */
  bounds: Rect | null;
  /** One path of rectangles per kind of step. */
  paths: Record<NodeType, string>;
}

export function overviewOf(doc: EditorDoc): Overview {
  const parts: Record<NodeType, string[]> = { trigger: [], condition: [], function: [] };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of doc.nodes) {
    const at = doc.layout.nodes[node.id] ?? { x: 0, y: 0 };
    const height = STEP_HEIGHT[node.type];
    parts[node.type].push(`M${at.x} ${at.y}h${STEP_WIDTH}v${height}h${-STEP_WIDTH}z`);
    minX = Math.min(minX, at.x);
    minY = Math.min(minY, at.y);
    maxX = Math.max(maxX, at.x + STEP_WIDTH);
    maxY = Math.max(maxY, at.y + height);
  }
  return {
    bounds: doc.nodes.length > 0 ? { x: minX, y: minY, width: maxX - minX, height: maxY - minY } : null,
    paths: { trigger: parts.trigger.join(''), condition: parts.condition.join(''), function: parts.function.join('') },
  };
}

/** The part of the flow the canvas shows, in flow coordinates. */
export function visibleRect(viewport: { x: number; y: number; zoom: number }, width: number, height: number): Rect {
  return { x: -viewport.x / viewport.zoom, y: -viewport.y / viewport.zoom, width: width / viewport.zoom, height: height / viewport.zoom };
}

export function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The smallest box of the given aspect ratio (width / height) that holds `content` centred, with a margin. */
export function viewBoxFor(content: Rect, aspect: number, margin = 0.05): Rect {
  const padX = content.width * margin;
  const padY = content.height * margin;
  let width = content.width + 2 * padX;
  let height = content.height + 2 * padY;
  if (width / height > aspect) height = width / aspect;
  else width = height * aspect;
  return { x: content.x + content.width / 2 - width / 2, y: content.y + content.height / 2 - height / 2, width, height };
}

/** A point of the minimap (pixels from its top left, `size` its pixel size) in flow coordinates. */
export function toFlowPoint(box: Rect, size: { width: number; height: number }, point: { x: number; y: number }): { x: number; y: number } {
  return { x: box.x + (point.x / size.width) * box.width, y: box.y + (point.y / size.height) * box.height };
}
