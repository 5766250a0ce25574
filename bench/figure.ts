/** One measured figure next to the floor measured in the same run. */
export interface BenchFigure {
  /** What was measured, e.g. `kysely point read (sqlite)`. */
  readonly name: string;
  /** Operations per second (higher is better) unless `unit` says otherwise. */
  readonly value: number;
  readonly unit: 'ops/s' | 'ms' | 'µs' | 'req/s' | 'MiB';
  /** What the floor is, e.g. `better-sqlite3 prepared read`. */
  readonly floorName: string;
  readonly floor: number;
  /** value / floor for throughput, floor / value for durations: 1 means "as fast as the floor". */
  readonly ratio: number;
  /** Lowest and highest ratio of the rounds, when the figure alternates rounds with its floor. */
  readonly spread?: readonly [number, number];
  /** The target ratio from the issue, when there is one. */
  readonly target?: number;
}

/** A group of figures, run by `npm run bench`. */
export type BenchSuite = () => Promise<BenchFigure[]>;
