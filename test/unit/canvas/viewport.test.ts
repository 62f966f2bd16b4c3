import { describe, expect, it } from 'vitest';
import { normalViewport, sameViewport, withViewport } from '../../../src/ui/canvas/state/viewport.ts';

describe('canvas viewport', () => {
  it('rounds pixels and zoom so the same view compares equal', () => {
    expect(normalViewport({ x: 10.4, y: -20.6, zoom: 0.812345678 })).toEqual({ x: 10, y: -21, zoom: 0.8123 });
    expect(sameViewport(normalViewport({ x: 10.4, y: 3, zoom: 1.00001 }) ?? undefined, { x: 10, y: 3, zoom: 1 })).toBe(true);
    expect(sameViewport({ x: 10, y: 3, zoom: 1 }, { x: 10, y: 3, zoom: 1.1 })).toBe(false);
    expect(sameViewport(undefined, { x: 0, y: 0, zoom: 1 })).toBe(false);
    expect(sameViewport(undefined, undefined)).toBe(true);
  });

  it('refuses views that cannot be shown', () => {
    expect(normalViewport({ x: Number.NaN, y: 0, zoom: 1 })).toBeNull();
    expect(normalViewport({ x: 0, y: Number.POSITIVE_INFINITY, zoom: 1 })).toBeNull();
    expect(normalViewport({ x: 0, y: 0, zoom: 0 })).toBeNull();
    expect(normalViewport({ x: 0, y: 0, zoom: -1 })).toBeNull();
  });

  it('sets and removes the viewport of a layout, keeping the positions', () => {
    const nodes = { a: { x: 1, y: 2 } };
    const withView = withViewport({ nodes }, { x: 5, y: 6, zoom: 2 });
    expect(withView).toEqual({ nodes, viewport: { x: 5, y: 6, zoom: 2 } });
    expect(withView.nodes).toBe(nodes);
    expect(withViewport(withView, undefined)).toEqual({ nodes });
    expect('viewport' in withViewport(withView, undefined)).toBe(false);
  });
});
