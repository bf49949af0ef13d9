/**
 * Node's timers cap a delay at 2^31-1 ms (about 24.8 days): a longer delay fires after 1 ms.
 * Standard workflows wait for months (until a week before an exam), so local mode chains
 * timers for longer delays. Installed once, in the local-mode process only.
 */
const MAX_DELAY = 2 ** 31 - 1;
const INSTALLED = Symbol.for('exam-forms.long-timers');

class LongTimeout {
  current: ReturnType<typeof setTimeout> | undefined;
  refed = true;
  ref() {
    this.refed = true;
    (this.current as { ref?: () => void } | undefined)?.ref?.();
    return this;
  }
  unref() {
    this.refed = false;
    (this.current as { unref?: () => void } | undefined)?.unref?.();
    return this;
  }
  hasRef() {
    return this.refed;
  }
}

export const installLongTimers = () => {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const originalSet = globalThis.setTimeout;
  const originalClear = globalThis.clearTimeout;

  const patchedSet = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    if (typeof delay !== 'number' || delay <= MAX_DELAY) return originalSet(callback, delay, ...args);
    const timer = new LongTimeout();
    const due = Date.now() + delay;
    const arm = () => {
      const remaining = due - Date.now();
      timer.current = remaining > MAX_DELAY ? originalSet(arm, MAX_DELAY) : originalSet(() => callback(...args), Math.max(0, remaining));
      if (!timer.refed) (timer.current as { unref?: () => void }).unref?.();
    };
    arm();
    return timer;
  }) as unknown as typeof setTimeout;

  const patchedClear = ((handle: unknown) => {
    if (handle instanceof LongTimeout) return originalClear(handle.current);
    return originalClear(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout;

  globalThis.setTimeout = Object.assign(patchedSet, { __promisify__: (originalSet as { __promisify__?: unknown }).__promisify__ });
  globalThis.clearTimeout = patchedClear;
};
