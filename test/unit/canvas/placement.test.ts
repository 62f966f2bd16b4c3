import { describe, expect, it } from 'vitest';
import type { NodeType } from '../../../src/domain/index.ts';
import { addNode, connect, newNode, type EditorDoc, type Point } from '../../../src/ui/canvas/state/document.ts';
import { STEP_HEIGHT, STEP_WIDTH } from '../../../src/ui/canvas/state/flow.ts';
import { addPlaced, freeBranch, placeStep, scrollToShow, STEP_GAP, type Rect } from '../../../src/ui/canvas/state/placement.ts';

const EMPTY: EditorDoc = { nodes: [], edges: [], layout: { nodes: {} } };
const VIEW: Rect = { x: -400, y: -100, width: 1000, height: 600 };

function doc(steps: [string, NodeType, Point][], edges: [string, string, ('true' | 'false')?][] = []): EditorDoc {
  let d = steps.reduce((acc, [id, type, at]) => addNode(acc, newNode(type, id), at), EMPTY);
  edges.forEach(([source, target, branch], i) => {
    const next = connect(d, { source, target, sourceHandle: branch }, `e_${i}`);
    if (typeof next === 'string') throw new Error(`fixture edge refused: ${next}`);
    d = next;
  });
  return d;
}

/** No two steps of the document share any point. */
function noOverlap(d: EditorDoc): void {
  const rects = d.nodes.map((n) => {
    const at = d.layout.nodes[n.id];
    if (!at) throw new Error(`no position for ${n.id}`);
    return { id: n.id, x: at.x, y: at.y, w: STEP_WIDTH, h: STEP_HEIGHT[n.type] };
  });
  for (const a of rects)
    for (const b of rects) {
      if (a === b) continue;
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
}

describe('placeStep', () => {
  it('puts the first step near the top of the visible area, centred', () => {
    const { position, from } = placeStep(EMPTY, 'trigger', { visible: VIEW });
    expect(position).toEqual({ x: VIEW.x + VIEW.width / 2 - STEP_WIDTH / 2, y: VIEW.y + STEP_GAP });
    expect(from).toBeUndefined();
  });

  it('falls back to the origin when the visible area is unknown', () => {
    expect(placeStep(EMPTY, 'function').position).toEqual({ x: 0, y: 0 });
  });

  it('puts a step under the selected one, aligned with it', () => {
    const d = doc([
      ['f1', 'function', { x: 10, y: 20 }],
      ['f2', 'function', { x: 300, y: 20 }],
    ]);
    const { position, from } = placeStep(d, 'function', { selectedId: 'f2', visible: VIEW });
    expect(position).toEqual({ x: 300, y: 20 + STEP_HEIGHT.function + STEP_GAP });
    expect(from).toBeUndefined();
  });

  it('without a selection, puts a step under the lowest step in view', () => {
    const d = doc([
      ['t', 'trigger', { x: 0, y: 0 }],
      ['low', 'function', { x: 120, y: 300 }],
      ['offscreen', 'function', { x: 0, y: 5000 }],
    ]);
    const { position, from } = placeStep(d, 'condition', { visible: VIEW });
    expect(position).toEqual({ x: 120, y: 300 + STEP_HEIGHT.function + STEP_GAP });
    expect(from).toBeUndefined();
  });

  it('when no step is in view, uses the visible area rather than a far-away step', () => {
    const d = doc([['far', 'function', { x: 4000, y: 4000 }]]);
    expect(placeStep(d, 'function', { visible: VIEW }).position).toEqual({ x: VIEW.x + VIEW.width / 2 - STEP_WIDTH / 2, y: VIEW.y + STEP_GAP });
  });

  it('steps down past every step in the way until the spot is free', () => {
    const d = doc([
      ['t', 'trigger', { x: 0, y: 0 }],
      ['a', 'function', { x: 30, y: 130 }],
      ['b', 'function', { x: -40, y: 250 }],
    ]);
    const { position } = placeStep(d, 'condition', { selectedId: 't', visible: VIEW });
    expect(position.x).toBe(0);
    expect(position.y).toBe(250 + STEP_HEIGHT.function + STEP_GAP);
    noOverlap(addNode(d, newNode('condition', 'new'), position));
  });

  it('never overlaps, however many steps are added in a row', () => {
    let d = EMPTY;
    for (let i = 0; i < 12; i++) {
      const type: NodeType = i === 0 ? 'trigger' : i % 2 ? 'condition' : 'function';
      d = addPlaced(d, newNode(type, `n${i}`), placeStep(d, type, { visible: VIEW }), `e${i}`);
    }
    noOverlap(d);
  });

  it('under a condition, uses the true side first, then the false side, then plain below', () => {
    let d = doc([['c', 'condition', { x: 100, y: 100 }]]);
    const below = 100 + STEP_HEIGHT.condition + STEP_GAP;
    const side = (STEP_WIDTH + STEP_GAP) / 2;

    const first = placeStep(d, 'function', { selectedId: 'c' });
    expect(first).toEqual({ position: { x: 100 - side, y: below }, from: { source: 'c', branch: 'true' } });
    d = addPlaced(d, newNode('function', 'yes'), first, 'e_yes');

    const second = placeStep(d, 'function', { selectedId: 'c' });
    expect(second).toEqual({ position: { x: 100 + side, y: below }, from: { source: 'c', branch: 'false' } });
    d = addPlaced(d, newNode('function', 'no'), second, 'e_no');
    noOverlap(d);

    const third = placeStep(d, 'function', { selectedId: 'c' });
    expect(third.from).toBeUndefined();
    expect(third.position.y).toBeGreaterThanOrEqual(below + STEP_HEIGHT.function + STEP_GAP);
    noOverlap(addNode(d, newNode('function', 'x'), third.position));
  });

  it('takes the false side when only the true branch is used', () => {
    const d = doc(
      [
        ['c', 'condition', { x: 0, y: 0 }],
        ['f', 'function', { x: 600, y: 600 }],
      ],
      [['c', 'f', 'true']],
    );
    expect(placeStep(d, 'condition', { selectedId: 'c' }).from).toEqual({ source: 'c', branch: 'false' });
    expect(freeBranch(d, 'c')).toBe('false');
  });

  it('connects after a trigger only while the trigger leads nowhere', () => {
    const lone = doc([['t', 'trigger', { x: 0, y: 0 }]]);
    expect(placeStep(lone, 'condition', { selectedId: 't' }).from).toEqual({ source: 't' });

    const led = doc(
      [
        ['t', 'trigger', { x: 0, y: 0 }],
        ['f', 'function', { x: 500, y: 0 }],
      ],
      [['t', 'f']],
    );
    const placed = placeStep(led, 'condition', { selectedId: 't' });
    expect(placed.from).toBeUndefined();
    expect(placed.position).toEqual({ x: 0, y: STEP_HEIGHT.trigger + STEP_GAP });
  });

  it('never connects a new trigger, nor anything after a function', () => {
    const d = doc([
      ['t', 'trigger', { x: 0, y: 0 }],
      ['c', 'condition', { x: 0, y: 200 }],
      ['f', 'function', { x: 0, y: 400 }],
    ]);
    expect(placeStep(d, 'trigger', { selectedId: 't' }).from).toBeUndefined();
    expect(placeStep(d, 'trigger', { selectedId: 'c' }).from).toBeUndefined();
    expect(placeStep(d, 'function', { selectedId: 'f' }).from).toBeUndefined();
  });

  it('ignores a selection that is no longer in the document', () => {
    const d = doc([['t', 'trigger', { x: 0, y: 0 }]]);
    expect(placeStep(d, 'function', { selectedId: 'gone', visible: VIEW })).toEqual({ position: { x: 0, y: STEP_HEIGHT.trigger + STEP_GAP } });
  });
});

describe('addPlaced', () => {
  it('adds the step and its edge in one new document', () => {
    const d = doc([['c', 'condition', { x: 0, y: 0 }]]);
    const next = addPlaced(d, newNode('function', 'f'), { position: { x: 5, y: 6 }, from: { source: 'c', branch: 'true' } }, 'e_1');
    expect(next.layout.nodes.f).toEqual({ x: 5, y: 6 });
    expect(next.edges).toEqual([{ id: 'e_1', source: 'c', target: 'f', branch: 'true' }]);
    expect(d.edges).toEqual([]);
  });

  it('adds the step alone when it follows nothing', () => {
    const next = addPlaced(EMPTY, newNode('trigger', 't'), { position: { x: 0, y: 0 } }, 'e_1');
    expect(next.nodes.map((n) => n.id)).toEqual(['t']);
    expect(next.edges).toEqual([]);
  });
});

describe('scrollToShow', () => {
  const view: Rect = { x: 0, y: 0, width: 500, height: 400 };

  it('leaves the view alone when the step is already in it', () => {
    expect(scrollToShow(view, { x: 100, y: 100, width: 220, height: 96 }, 10)).toEqual({ x: 0, y: 0 });
  });

  it('moves only as far as needed to show a step below or left of the view', () => {
    expect(scrollToShow(view, { x: 100, y: 350, width: 220, height: 96 }, 10)).toEqual({ x: 0, y: 56 });
    expect(scrollToShow(view, { x: -50, y: 100, width: 220, height: 96 }, 10)).toEqual({ x: -60, y: 0 });
  });

  it('keeps the top-left of a step larger than the view in sight', () => {
    expect(scrollToShow({ x: 0, y: 0, width: 200, height: 80 }, { x: 30, y: 40, width: 220, height: 96 }, 10)).toEqual({ x: 20, y: 30 });
  });
});
