/**
 * The height of the execution log docked under the canvas: within bounds, changed by keys like any
 * WAI-ARIA window splitter, and remembered in this browser (a UI preference, not workflow data).
 */
export const MIN_HEIGHT = 96;
export const DEFAULT_HEIGHT = 200;
export const KEY_STEP = 24;
export const PAGE_STEP = 120;
export const STORAGE_KEY = 'workflow-builder:execution-log-height';

export function clampHeight(height: number, max: number): number {
  const upper = Math.max(MIN_HEIGHT, max);
  return Math.round(Math.min(upper, Math.max(MIN_HEIGHT, height)));
}

/**
 * The height after a key on the splitter, or null for keys it does not take. The splitter sits on the
 * log's top edge, so moving it up (ArrowUp) makes the log taller.
 */
export function heightAfterKey(key: string, height: number, max: number): number | null {
  switch (key) {
    case 'ArrowUp':
      return clampHeight(height + KEY_STEP, max);
    case 'ArrowDown':
      return clampHeight(height - KEY_STEP, max);
    case 'PageUp':
      return clampHeight(height + PAGE_STEP, max);
    case 'PageDown':
      return clampHeight(height - PAGE_STEP, max);
    case 'Home':
      return clampHeight(MIN_HEIGHT, max);
    case 'End':
      return clampHeight(max, max);
    default:
      return null;
  }
}

/** The height for a pointer dragging the splitter from `startY` to `y`. */
export function heightAfterDrag(startHeight: number, startY: number, y: number, max: number): number {
  return clampHeight(startHeight + (startY - y), max);
}

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** The remembered height, or the default when none is stored or what is stored is not a height. */
export function readHeight(storage: Store | undefined, max: number): number {
  const raw = storage?.getItem(STORAGE_KEY);
  const stored = raw === null || raw === undefined ? Number.NaN : Number(raw);
  return clampHeight(Number.isFinite(stored) ? stored : DEFAULT_HEIGHT, max);
}

export function writeHeight(storage: Store | undefined, height: number): void {
  try {
    storage?.setItem(STORAGE_KEY, String(Math.round(height)));
  } catch {
    // Storage can be full or switched off (private windows); the height then lasts for this page only.
  }
}
