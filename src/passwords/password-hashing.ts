import type { FailureFloorReport, PasswordAttempt } from './failure-floor.js';

/**
 * One password algorithm in Django's self-describing encoding
 * (`<algorithm>$<parameters>$<salt>$<hash>`).
 */
export interface PasswordHasher {
  /** Django's algorithm name, the prefix of every value it encodes (`argon2`, `pbkdf2_sha256`). */
  readonly algorithm: string;
  /** Hash with a fresh salt and this hasher's current parameters. */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `encoded`. Malformed values verify as `false`; never throws. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** Whether `encoded` uses other parameters than the current ones, or a salt under 128 bits. */
  needsRehash(encoded: string): boolean;
}

/** Outcome of {@link PasswordHashing.verify}. */
export interface PasswordCheck {
  readonly valid: boolean;
  /** True when the value should be re-hashed with the preferred hasher after a valid login. */
  readonly needsRehash: boolean;
}

/**
 * The registry services use: hashes with the preferred hasher, verifies any enabled format,
 * and holds every failed login to one floor, so timing tells nothing.
 */
export interface PasswordHashing {
  /** Hash a new password with the preferred hasher. */
  hash(password: string): Promise<string>;
  /**
   * Verify `password` against a stored value of any enabled format: one hash, the stored
   * value's own check. Unusable (`!`) values, values of an unknown or disabled format, and
   * passwords over 4,096 bytes verify as invalid after one preferred-cost hash instead. Never
   * throws.
   */
  verify(password: string, encoded: string): Promise<PasswordCheck>;
  /** Spend exactly one preferred-cost hash, for logins of users that do not exist. */
  burn(password: string): Promise<void>;
  /**
   * Start timing a login attempt that spends `hashes` hashes (one per password tried) whatever
   * its outcome. On failure, {@link PasswordAttempt.padFailure} waits until the attempt has
   * lasted `hashes` times the failure floor: the median time of the slowest kind of stored value
   * seen, plus a quarter. So an unknown user, an inactive one, an unusable value and a wrong
   * password on any format all answer after the same time, with no more than their one hash of
   * CPU each. Successes are never held.
   */
  beginAttempt(hashes: number): PasswordAttempt;
  /**
   * Time one verify of each kind of value among `stored` (its format and cost parameters: every
   * value of one kind costs the same; values of unknown formats are skipped) and one
   * preferred-cost hash, one after the other, so the failure floor is right from the first
   * failed login rather than learnt from traffic. Pass the stored values of your user table at
   * start-up (one per kind is enough; duplicates are verified once).
   * @returns what the floor knows afterwards.
   */
  calibrate(stored: Iterable<string>): Promise<FailureFloorReport>;
}
