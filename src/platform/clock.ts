/** Where accountkit reads the current time. Inject a fixed clock in tests. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The system clock: the only place accountkit reads the real time. */
export const systemClock: Clock = Object.freeze({
  now: () => new Date(),
});

/**
 * Start a stopwatch on the monotonic clock; the returned function gives the milliseconds
 * since. For durations only (access logs), never for instants.
 */
export function startStopwatch(): () => number {
  const started = performance.now();
  return () => performance.now() - started;
}

/**
 * Durations and waits, on a monotonic clock that the wall clock's corrections never move.
 * Inject a virtual timer in tests, so a wait is checked without being waited.
 */
export interface Timer {
  /** Milliseconds since an arbitrary origin; only differences between readings mean anything. */
  now(): number;
  /** Resolves once `ms` milliseconds have passed (at once for 0 or less), without using the CPU. */
  sleep(ms: number): Promise<void>;
}

/** The system's monotonic clock and `setTimeout`: the only place accountkit waits on real time. */
export const systemTimer: Timer = Object.freeze({
  now: () => performance.now(),
  sleep: (ms: number) =>
    ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve(),
});
