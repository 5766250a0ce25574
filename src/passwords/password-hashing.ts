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
  /**
   * After a failed {@link PasswordHasher.verify} of a value that {@link PasswordHasher.needsRehash},
   * spend the work still missing to reach the cost of a value with current parameters
   * (Django's `harden_runtime`), so a wrong password costs the same whatever was stored.
   * Optional: when absent, the registry spends one full {@link PasswordHasher.hash} instead.
   */
  hardenRuntime?(password: string, encoded: string): Promise<void>;
}

/** Outcome of {@link PasswordHashing.verify}. */
export interface PasswordCheck {
  readonly valid: boolean;
  /** True when the value should be re-hashed with the preferred hasher after a valid login. */
  readonly needsRehash: boolean;
}

/**
 * The registry services use: hashes with the preferred hasher, verifies any enabled format,
 * and spends the same work on every failure path so timing tells nothing.
 */
export interface PasswordHashing {
  /** Hash a new password with the preferred hasher. */
  hash(password: string): Promise<string>;
  /**
   * Verify `password` against a stored value of any enabled format. Unusable (`!`), malformed
   * or unknown values verify as invalid after one preferred-cost hash; never throws.
   */
  verify(password: string, encoded: string): Promise<PasswordCheck>;
  /** Spend exactly one preferred-cost hash, for logins of users that do not exist. */
  burn(password: string): Promise<void>;
}
