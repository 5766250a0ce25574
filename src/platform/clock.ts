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
