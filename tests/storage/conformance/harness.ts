import type { AccountStorage } from '../../../src/storage/storage.js';

/** One row of a table, with ids and counters as numbers. */
export type DumpRow = Record<string, unknown>;

/**
 * Every row of every table, in key order. User rows carry `id`, `followers_count` and
 * `following_count`; follow rows `from_user_id` and `to_user_id` (Django's column names).
 */
export interface StorageDump {
  readonly users: DumpRow[];
  readonly follows: DumpRow[];
  readonly refreshTokens: DumpRow[];
}

/** A storage whose next statements can be made to fail, for fault injection (G-08). */
export interface FaultyStorage {
  readonly storage: AccountStorage;
  /** Fail the `k`-th statement from now (1-based), once; `null` disarms and starts counting. */
  arm(k: number | null): void;
  /** Statements run since the last `arm`. */
  statements(): number;
}

/** What a backend gives the conformance suite (Kysely's `DIALECTS` idea). */
export interface StorageHarness {
  readonly name: string;
  /** The storage under test, on a fresh per-file database with the real migrations run. */
  open(): Promise<AccountStorage>;
  /** A second, independent connection to the same data. */
  openSecond(): Promise<AccountStorage>;
  /** A third connection through which statements can be made to fail. */
  openFaulty(): Promise<FaultyStorage>;
  /** Empty every table, in foreign-key order. */
  reset(): Promise<void>;
  dump(): Promise<StorageDump>;
  /** Overwrite a user's stored counters, to test `recount`. */
  setCounters(userId: number, followers: number, following: number): Promise<void>;
  close(): Promise<void>;
}
