import type { Clock } from '../../src/platform/clock.js';

/** A clock that always reads `instant`, e.g. `fixedClock('2024-07-11T12:00:00Z')`. */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return { now: () => new Date(at) };
}

/**
 * A clock starting at `start` that moves forward `stepMs` after every read, and can be moved by
 * hand with `advance`, for expiry tests without fake timers.
 */
export function steppingClock(
  start: string | Date,
  stepMs = 0,
): Clock & { advance(ms: number): void } {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new RangeError(`Invalid instant: ${String(start)}`);
  return {
    now() {
      const at = new Date(current);
      current += stepMs;
      return at;
    },
    advance(ms: number) {
      current += ms;
    },
  };
}
