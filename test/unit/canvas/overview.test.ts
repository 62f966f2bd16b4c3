import { describe, expect, it } from 'vitest';
import { BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import type { EditorDoc } from '../../../src/ui/canvas/state/document.ts';
import { STEP_HEIGHT, STEP_WIDTH } from '../../../src/ui/canvas/state/flow.ts';
import { overviewOf, toFlowPoint, union, viewBoxFor, visibleRect } from '../../../src/ui/canvas/state/overview.ts';

function template(): EditorDoc {
  const { nodes, edges, layout } = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  return { nodes, edges, layout };
}

describe('minimap drawing', () => {
  it('draws each kind of step as one path of rectangles and bounds them all', () => {
    const drawn = overviewOf(template());
    expect(drawn.paths.trigger).toBe(`M0 0h${STEP_WIDTH}v${STEP_HEIGHT.trigger}h${-STEP_WIDTH}z`);
    expect(drawn.paths.condition).toBe(`M0 160h${STEP_WIDTH}v${STEP_HEIGHT.condition}h${-STEP_WIDTH}z`);
    expect(drawn.paths.function).toBe(`M-120 330h${STEP_WIDTH}v${STEP_HEIGHT.function}h${-STEP_WIDTH}z`);
    expect(drawn.bounds).toEqual({ x: -120, y: 0, width: STEP_WIDTH + 120, height: 330 + STEP_HEIGHT.function });
  });

  it('has no bounds for an empty workflow', () => {
    expect(overviewOf({ nodes: [], edges: [], layout: { nodes: {} } })).toEqual({
      bounds: null,
      paths: { trigger: '', condition: '', function: '' },
    });
  });

  it('turns the viewport into the flow area on screen', () => {
    expect(visibleRect({ x: -200, y: 100, zoom: 2 }, 800, 600)).toEqual({ x: 100, y: -50, width: 400, height: 300 });
  });

  it('fits content into a box of the minimap aspect ratio, centred, and maps minimap pixels back', () => {
    const content = union({ x: 0, y: 0, width: 100, height: 100 }, { x: 50, y: 50, width: 100, height: 100 });
    expect(content).toEqual({ x: 0, y: 0, width: 150, height: 150 });
    const box = viewBoxFor(content, 2, 0);
    expect(box).toEqual({ x: -75, y: 0, width: 300, height: 150 });
    expect(toFlowPoint(box, { width: 200, height: 100 }, { x: 100, y: 50 })).toEqual({ x: 75, y: 75 });
    const wide = viewBoxFor({ x: 0, y: 0, width: 400, height: 100 }, 2, 0);
    expect(wide).toEqual({ x: 0, y: -50, width: 400, height: 200 });
  });
});
