import { emptyWindow, type LimiterStore, type LimiterWindow } from './limiter-store.js';

/** Hits between two sweeps of ended windows, so abandoned keys do not pile up. */
const SWEEP_EVERY = 1024;

/**
 * A {@link LimiterStore} in this process's memory. Each operation runs without an `await`
 * between read and write, so hits are exact under any concurrency within the process; counts
 * are not shared with other processes and are lost on restart. Use it for one process and in
 * tests; use the Redis or Kysely store when several processes serve the same users.
 *
 * @example
 * ```ts
 * const throttle = createThrottle({ store: createMemoryLimiterStore() });
 * ```
 */
export function createMemoryLimiterStore(): LimiterStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let hitsSinceSweep = 0;

  const sweep = (now: number) => {
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  };
  const view = (window: { count: number; resetAt: number }): LimiterWindow => ({
    count: window.count,
    resetAt: new Date(window.resetAt),
  });

  return Object.freeze({
    async hit(key: string, windowMs: number, now: Date) {
      const at = now.getTime();
      hitsSinceSweep += 1;
      if (hitsSinceSweep >= SWEEP_EVERY) {
        hitsSinceSweep = 0;
        sweep(at);
      }
      const live = windows.get(key);
      if (live && at < live.resetAt) {
        live.count += 1;
        return view(live);
      }
      const opened = { count: 1, resetAt: at + windowMs };
      windows.set(key, opened);
      return view(opened);
    },
    async peek(key: string, windowMs: number, now: Date) {
      const live = windows.get(key);
      return live && now.getTime() < live.resetAt ? view(live) : emptyWindow(windowMs, now);
    },
    async reset(key: string) {
      windows.delete(key);
    },
    async refund(key: string, _windowMs: number, resetAt: Date) {
      const live = windows.get(key);
      if (live === undefined || live.resetAt !== resetAt.getTime() || live.count === 0) return;
      live.count -= 1;
      if (live.count === 0) windows.delete(key);
    },
  });
}
