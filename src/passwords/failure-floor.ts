import type { Timer } from '../platform/clock.js';

/** Samples kept per cost class: enough for a steady median, few enough to follow the load. */
const SAMPLES_PER_CLASS = 8;

/**
 * Classes kept. A user table holds a handful (one per hasher and parameters Django ever used);
 * past this, the cheapest class is dropped, which never lowers the floor.
 */
const MAX_CLASSES = 64;

/**
 * How far above the slowest class's median the floor sits. One verify of the same value moves
 * by about ±15% between runs on a busy 2-core machine, so a quarter above keeps nearly every
 * failure of the slowest class inside the floor, where it cannot be told apart.
 */
const FAILURE_FLOOR_HEADROOM = 1.25;

/** What the floor has learnt, from {@link PasswordHashing.calibrate}. */
export interface FailureFloorReport {
  /** What a failed one-hash login lasts now, in milliseconds. */
  readonly floorMs: number;
  /** The median verify time of each cost class seen, in milliseconds, slowest first. */
  readonly classes: readonly { readonly costClass: string; readonly ms: number }[];
}

/** A login attempt being timed, from {@link PasswordHashing.beginAttempt}. */
export interface PasswordAttempt {
  /**
   * Resolves once the attempt has lasted the failure floor (at once if it already has), by
   * waiting on the timer: no CPU is spent. Call it on failure only; a success just drops the
   * attempt.
   */
  padFailure(): Promise<void>;
}

/**
 * The time every failed login is held to: the median verify time of the slowest cost class seen,
 * times `FAILURE_FLOOR_HEADROOM` (1.25). Every hash is timed (successes too, which cost nothing
 * extra), so the floor follows the formats a table really holds and the load the server is
 * under.
 * @internal
 */
export interface FailureFloor {
  /** Start timing one hash; call the result with the hashed value's cost class when it is done. */
  measure(): (costClass: string) => void;
  /** Start timing an attempt that spends `hashes` hashes whatever its outcome. */
  begin(hashes: number): PasswordAttempt;
  report(): FailureFloorReport;
}

/** @internal */
export function createFailureFloor(timer: Timer): FailureFloor {
  const samples = new Map<string, number[]>();

  const median = (list: readonly number[]) =>
    [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
  const medians = () => [...samples].map(([costClass, list]) => ({ costClass, ms: median(list) }));
  const floorMs = () => FAILURE_FLOOR_HEADROOM * Math.max(0, ...medians().map((entry) => entry.ms));

  const record = (costClass: string, ms: number) => {
    let list = samples.get(costClass);
    if (list === undefined) {
      if (samples.size >= MAX_CLASSES) {
        const cheapest = medians().reduce((a, b) => (b.ms < a.ms ? b : a));
        samples.delete(cheapest.costClass);
      }
      list = [];
      samples.set(costClass, list);
    }
    list.push(ms);
    if (list.length > SAMPLES_PER_CLASS) list.shift();
  };

  return Object.freeze({
    measure() {
      const started = timer.now();
      return (costClass: string) => record(costClass, timer.now() - started);
    },
    begin(hashes: number): PasswordAttempt {
      const started = timer.now();
      return Object.freeze({
        // The floor is read at the end, so it includes the attempt's own hash.
        padFailure: () => timer.sleep(started + hashes * floorMs() - timer.now()),
      });
    },
    report: () => ({
      floorMs: floorMs(),
      classes: medians().sort((a, b) => b.ms - a.ms),
    }),
  });
}
