/**
 * Where the canvas looks: kept in `workflow.layout.viewport` so a workflow opens where it was left.
 * It is saved with the document but is not part of it for undo: moving the view is not an edit.
 */
import type { Layout } from '../../../domain/index.ts';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * Rounded so that the same view reported twice (pixels as floats, zoom from an animation) compares
 * equal and is not saved again; null for anything that is not a usable view.
 */
export function normalViewport(viewport: Viewport): Viewport | null {
  const { x, y, zoom } = viewport;
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(zoom) || zoom <= 0) return null;
  return { x: Math.round(x), y: Math.round(y), zoom: Math.round(zoom * 10_000) / 10_000 };
}

export function sameViewport(a: Viewport | undefined, b: Viewport | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.x === b.x && a.y === b.y && a.zoom === b.zoom);
}

/** The layout with this viewport, or without one. */
export function withViewport(layout: Layout, viewport: Viewport | undefined): Layout {
  const { viewport: _dropped, ...rest } = layout;
  return viewport ? { ...rest, viewport } : rest;
}
