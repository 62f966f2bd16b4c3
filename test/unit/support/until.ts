/** Polls `check` every 5 ms until it holds; `tick` runs between polls (e.g. Svelte's flushSync). */
export async function until(check: () => boolean, options: { timeoutMs?: number; tick?: () => void } = {}): Promise<void> {
  const { timeoutMs = 2000, tick } = options;
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
    tick?.();
  }
}
