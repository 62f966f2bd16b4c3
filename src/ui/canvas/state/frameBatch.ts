/**
 * Keeps the latest of many values offered within one animation frame and hands it on once, at the
 * frame. Used while a step is dragged: Svelte Flow replaces its node list on every pointer event, and
 * each replacement costs work in proportion to the whole graph.
 */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class FrameBatch<T> {
  #pending: { value: T } | null = null;
  #handle: number | null = null;

  constructor(
    private readonly deliver: (value: T) => void,
    private readonly frames: FrameScheduler = animationFrames,
  ) {}

  /** The value waiting for the next frame, if any: readers must see it, or they would build on a stale one. */
  get pending(): { value: T } | null {
    return this.#pending;
  }

  offer(value: T): void {
    this.#pending = { value };
    this.#handle ??= this.frames.request(() => {
      this.#handle = null;
      this.flush();
    });
  }

  /** Delivers the waiting value now (at the end of a drag, before anything reads the result). */
  flush(): void {
    if (this.#handle !== null) this.frames.cancel(this.#handle);
    this.#handle = null;
    const pending = this.#pending;
    this.#pending = null;
    if (pending) this.deliver(pending.value);
  }
}
