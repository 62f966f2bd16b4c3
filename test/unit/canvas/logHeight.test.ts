import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEIGHT,
  KEY_STEP,
  MIN_HEIGHT,
  PAGE_STEP,
  STORAGE_KEY,
  clampHeight,
  heightAfterDrag,
  heightAfterKey,
  readHeight,
  writeHeight,
} from '../../../src/ui/runs/LogDock/height.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('docked execution log height', () => {
  it('stays between the minimum and the room the window leaves', () => {
    expect(clampHeight(10, 500)).toBe(MIN_HEIGHT);
    expect(clampHeight(900, 500)).toBe(500);
    expect(clampHeight(250.6, 500)).toBe(251);
    expect(clampHeight(300, 20)).toBe(MIN_HEIGHT);
  });

  it('grows with ArrowUp and PageUp, shrinks with ArrowDown and PageDown, jumps with Home and End', () => {
    expect(heightAfterKey('ArrowUp', 200, 600)).toBe(200 + KEY_STEP);
    expect(heightAfterKey('ArrowDown', 200, 600)).toBe(200 - KEY_STEP);
    expect(heightAfterKey('PageUp', 200, 600)).toBe(200 + PAGE_STEP);
    expect(heightAfterKey('PageDown', 200, 600)).toBe(MIN_HEIGHT);
    expect(heightAfterKey('Home', 400, 600)).toBe(MIN_HEIGHT);
    expect(heightAfterKey('End', 200, 600)).toBe(600);
    expect(heightAfterKey('ArrowUp', 590, 600)).toBe(600);
    expect(heightAfterKey('Enter', 200, 600)).toBeNull();
  });

  it('follows a drag of its top edge: up makes it taller', () => {
    expect(heightAfterDrag(200, 500, 400, 600)).toBe(300);
    expect(heightAfterDrag(200, 500, 560, 600)).toBe(140);
    expect(heightAfterDrag(200, 500, -1000, 600)).toBe(600);
  });

  it('remembers the height, and falls back to the default for anything that is not one', () => {
    const storage = memoryStorage();
    expect(readHeight(storage, 600)).toBe(DEFAULT_HEIGHT);
    writeHeight(storage, 321.4);
    expect(storage.items.get(STORAGE_KEY)).toBe('321');
    expect(readHeight(storage, 600)).toBe(321);
    expect(readHeight(storage, 300)).toBe(300);
    expect(readHeight(memoryStorage({ [STORAGE_KEY]: 'tall' }), 600)).toBe(DEFAULT_HEIGHT);
    expect(readHeight(undefined, 600)).toBe(DEFAULT_HEIGHT);
  });

  it('keeps working when storage refuses to write', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => writeHeight(full, 300)).not.toThrow();
  });
});
