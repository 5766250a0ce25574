/**
 * One counting window of a key, as a store reports it after a hit or a peek.
 */
export interface LimiterWindow {
  /** Hits counted in the live window (0 from `peek` when no window is live). */
  readonly count: number;
  /** When the live window ends; at this instant the next hit starts a new window. */
  readonly resetAt: Date;
}

/**
 * Where throttle counts live. Windows are **fixed and anchored at their first hit**: the first
 * hit on a key with no live window opens a window `[now, now + windowMs)` with count 1; every
 * hit before `resetAt` adds one; the first hit at or after `resetAt` opens a new window. Time is
 * always the caller's `now` (the injected clock), never the store's own, so every store and
 * every process agrees on the windows. A fixed window needs one small record per key (a sliding
 * log would need one per hit) at the price of letting up to twice the limit through around a
 * window's end, which a login limit can afford.
 *
 * Implementations: {@link createMemoryLimiterStore} (one process),
 * {@link createRedisLimiterStore}, and `createKyselyLimiterStore` from `accountkit/rate-limit/kysely`.
 */
export interface LimiterStore {
  /**
   * Count one hit on `key` and return the window it landed in, as one atomic step: of N
   * concurrent hits on one key, from any number of processes sharing the store, each sees a
   * distinct count and the last sees exactly N (no read-then-write).
   *
   * @throws StorageError `STORAGE_UNAVAILABLE` when the store cannot be reached; nothing was
   *   counted, or the count is unknown.
   */
  hit(key: string, windowMs: number, now: Date): Promise<LimiterWindow>;
  /**
   * The live window of `key` without counting; `count` 0 when there is none.
   *
   * @throws StorageError `STORAGE_UNAVAILABLE` when the store cannot be reached.
   */
  peek(key: string, windowMs: number, now: Date): Promise<LimiterWindow>;
  /**
   * Forget `key`: the next hit opens a new window.
   *
   * @throws StorageError `STORAGE_UNAVAILABLE` when the store cannot be reached.
   */
  reset(key: string): Promise<void>;
  /**
   * Take back one hit of the window of `key` that ends at `resetAt` (as {@link hit} returned
   * it), as one atomic step: the count goes down by one, never below zero, and a window whose
   * count falls to zero is over, so the next hit opens a new one anchored at that hit. A
   * window is known by its end: when the key's window ends at another instant (the one counted
   * in has ended and another opened), nothing changes, so a hit is only ever taken back from
   * the window it was counted in.
   *
   * @throws StorageError `STORAGE_UNAVAILABLE` when the store cannot be reached.
   */
  refund(key: string, windowMs: number, resetAt: Date): Promise<void>;
}

/** The window a key is in when no window is live: empty, ending one window from now. @internal */
export function emptyWindow(windowMs: number, now: Date): LimiterWindow {
  return { count: 0, resetAt: new Date(now.getTime() + windowMs) };
}
