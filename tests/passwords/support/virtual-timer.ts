import type { Timer } from '../../../src/platform/clock.js';

/**
 * A timer on virtual time: it moves only when a test (or a {@link costlyHasher}) advances it,
 * and a sleep moves it by the time slept, at once. `waits` lists every sleep asked for.
 */
export function virtualTimer(): Timer & {
  advance(ms: number): void;
  readonly waits: number[];
} {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    async sleep(ms: number) {
      waits.push(ms);
      if (ms > 0) now += ms;
    },
    advance(ms: number) {
      now += ms;
    },
    waits,
  };
}
