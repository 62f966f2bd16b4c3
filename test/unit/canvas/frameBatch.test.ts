import { describe, expect, it } from 'vitest';
import { FrameBatch, type FrameScheduler } from '../../../src/ui/canvas/state/frameBatch.ts';

function manualFrames() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  const scheduler: FrameScheduler = {
    request(callback) {
      callbacks.set(next, callback);
      return next++;
    },
    cancel(handle) {
      callbacks.delete(handle);
    },
  };
  const frame = () => {
    const due = [...callbacks.values()];
    callbacks.clear();
    for (const callback of due) callback();
  };
  return { scheduler, frame, scheduled: () => callbacks.size };
}

describe('frame batch', () => {
  it('delivers only the latest value offered within a frame, once', () => {
    const frames = manualFrames();
    const delivered: number[] = [];
    const batch = new FrameBatch<number>((v) => delivered.push(v), frames.scheduler);
    batch.offer(1);
    batch.offer(2);
    batch.offer(3);
    expect(frames.scheduled()).toBe(1);
    expect(batch.pending).toEqual({ value: 3 });
    expect(delivered).toEqual([]);
    frames.frame();
    expect(delivered).toEqual([3]);
    expect(batch.pending).toBeNull();
    frames.frame();
    expect(delivered).toEqual([3]);
  });

  it('flushes at once and cancels the frame it had asked for', () => {
    const frames = manualFrames();
    const delivered: string[] = [];
    const batch = new FrameBatch<string>((v) => delivered.push(v), frames.scheduler);
    batch.offer('a');
    batch.flush();
    expect(delivered).toEqual(['a']);
    expect(frames.scheduled()).toBe(0);
    batch.flush();
    expect(delivered).toEqual(['a']);
    batch.offer('b');
    frames.frame();
    expect(delivered).toEqual(['a', 'b']);
  });
});
