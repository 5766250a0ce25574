import { ValidationError } from '../errors/errors.js';
import { createArgon2Hasher } from './argon2-hasher.js';
import { bcryptFormat, bcryptSha256Format } from './bcrypt-formats.js';
import { costClassOf } from './cost-class.js';
import { createFailureFloor, type FailureFloorReport } from './failure-floor.js';
import { LEGACY_FORMATS } from './legacy-formats.js';
import type { PasswordCheck, PasswordHashing } from './password-hashing.js';
import {
  type PasswordHashingOptions,
  parsePasswordHashingOptions,
} from './password-hashing-options.js';
import { exceedsBytes, PASSWORD_MAX_BYTES } from './password-limits.js';
import { createPbkdf2Hasher } from './pbkdf2-hasher.js';
import { scryptFormat } from './scrypt-format.js';
import type { StoredFormat } from './stored-format.js';

const INVALID: PasswordCheck = Object.freeze({ valid: false, needsRehash: false });

/** What a burn hashes instead of an over-long or non-string input: bounded work, always. */
const BOUNDED_DUMMY = 'accountkit-bounded-dummy-password';

/** What calibration verifies; whether it matches some stored value does not matter. */
const CALIBRATION_PASSWORD = 'accountkit-calibration';

/**
 * The password registry: hashes new passwords with the preferred hasher, verifies every
 * enabled Django format (identified by its prefix, as Django's `identify_hasher`), and says
 * when a valid login should re-hash.
 *
 * Timing: a login spends one hash, whatever happens: a verify of the stored value, or, when
 * nothing can be verified (unknown user, unusable `!` value, unknown or disabled format), one
 * preferred-cost {@link PasswordHashing.burn}. Hashes cost what their format costs (a bcrypt
 * cost-12 value about 20 times an Argon2id one at OWASP's parameters), so a failed login is then
 * held to the failure floor ({@link PasswordHashing.beginAttempt}): every hash is timed, per
 * kind of value (format and cost parameters), and a failure waits on the timer until it has
 * lasted the slowest kind's median plus a quarter. Waiting costs no CPU, so an attacker's guess
 * still costs the server one hash, and successes are never held. Until a kind of value has been
 * seen once, its failures are not hidden: {@link PasswordHashing.calibrate} teaches the floor
 * every kind a table holds at start-up.
 *
 * Passwords are verified exactly as received: no trimming, case folding or Unicode
 * normalisation (OWASP ASVS 6.2.8; Django does the same, so stored hashes keep verifying).
 * NIST SP 800-63B suggests NFKC; applying it now would lock out every Django user whose
 * password is not already normalised, and the policy's length limits already count what was
 * typed.
 *
 * Length: a password over {@link PASSWORD_MAX_BYTES} (4,096 UTF-8 bytes) never verifies, and is
 * not hashed: one preferred-cost hash of a fixed short input is spent instead. (Argon2 and
 * PBKDF2 digest long input once, so the cost would stay bounded anyway; refusing avoids even
 * the linear digest of a megabyte.)
 *
 * The storage write of an upgrade (compare-and-swap on the old value) is the caller's job.
 *
 * The returned `hash` throws {@link ValidationError} `VALIDATION_FAILED` (issue
 * `PASSWORD_TOO_LONG`) for a password over 4,096 bytes; `verify` and `burn` never throw for any
 * input.
 *
 * @throws {ConfigurationError} `CONFIGURATION_ERROR` when an option is invalid: an unknown
 * `preferred`, Argon2 below OWASP's minimum, PBKDF2 under 600,000 iterations, an unknown
 * legacy name, a `timer` without `now` and `sleep`, or options that do not apply to the chosen
 * hasher.
 *
 * @example
 * ```ts
 * const passwords = createPasswordHashing(); // Argon2id, m=19456, t=2, p=1
 * const stored = await passwords.hash('correct horse battery staple');
 * const attempt = passwords.beginAttempt(1);
 * const { valid, needsRehash } = await passwords.verify(input, user.password);
 * if (!valid) {
 *   await attempt.padFailure(); // as long as every other failure
 *   throw new AuthenticationError('INVALID_CREDENTIALS', '...');
 * }
 * if (needsRehash) {
 *   const upgraded = await passwords.hash(input); // then compare-and-swap in storage
 * }
 * ```
 */
export function createPasswordHashing(options: PasswordHashingOptions = {}): PasswordHashing {
  const { preferred, legacy, random, timer } = parsePasswordHashingOptions(options);
  const formats = new Map<string, StoredFormat>();
  for (const format of [
    createArgon2Hasher({ random }),
    createPbkdf2Hasher({ random }),
    createPbkdf2Hasher({ algorithm: 'pbkdf2_sha1', random }),
    bcryptSha256Format,
    bcryptFormat,
    scryptFormat,
    ...legacy.map((name) => LEGACY_FORMATS[name]),
    preferred,
  ]) {
    formats.set(format.algorithm, format);
  }
  const floor = createFailureFloor(timer);

  /** One preferred hash, timed like a verify of a value at the current parameters. */
  const hashTimed = async (password: string): Promise<string> => {
    const done = floor.measure();
    const encoded = await preferred.hash(password);
    done(costClassOf(preferred.algorithm, encoded));
    return encoded;
  };

  const burn = async (password: unknown): Promise<void> => {
    const bounded = typeof password === 'string' && !exceedsBytes(password, PASSWORD_MAX_BYTES);
    await hashTimed(bounded ? password : BOUNDED_DUMMY);
  };

  /** The format that can verify `encoded`, for a password that may be checked at all. */
  const formatFor = (password: unknown, encoded: unknown): StoredFormat | undefined =>
    typeof encoded === 'string' &&
    typeof password === 'string' &&
    !exceedsBytes(password, PASSWORD_MAX_BYTES)
      ? formats.get(identify(encoded))
      : undefined;

  const verifyTimed = async (format: StoredFormat, password: string, encoded: string) => {
    const done = floor.measure();
    const valid = await format.verify(password, encoded);
    done(costClassOf(format.algorithm, encoded));
    return valid;
  };

  return Object.freeze({
    async hash(password: string): Promise<string> {
      if (exceedsBytes(password, PASSWORD_MAX_BYTES)) {
        throw new ValidationError([
          {
            path: ['password'],
            code: 'PASSWORD_TOO_LONG',
            message: `Ensure this password has at most ${PASSWORD_MAX_BYTES} bytes.`,
          },
        ]);
      }
      return hashTimed(password);
    },
    async verify(password: string, encoded: string): Promise<PasswordCheck> {
      const format = formatFor(password, encoded);
      if (format === undefined) {
        await burn(password);
        return INVALID;
      }
      if (!(await verifyTimed(format, password, encoded))) return INVALID;
      const outdated = format !== preferred || preferred.needsRehash(encoded);
      return Object.freeze({ valid: true, needsRehash: outdated });
    },
    burn,
    beginAttempt: (hashes: number) => floor.begin(hashes),
    async calibrate(stored: Iterable<string>): Promise<FailureFloorReport> {
      const kinds = new Map<string, [StoredFormat, string]>();
      for (const encoded of stored) {
        const format = formatFor(CALIBRATION_PASSWORD, encoded);
        const kind = format && costClassOf(format.algorithm, encoded);
        if (format && kind && !kinds.has(kind)) kinds.set(kind, [format, encoded]);
      }
      // One at a time: hashes run side by side would each measure slower than they are.
      for (const [format, encoded] of kinds.values()) {
        await verifyTimed(format, CALIBRATION_PASSWORD, encoded);
      }
      await burn(CALIBRATION_PASSWORD);
      return floor.report();
    },
  });
}

/**
 * Django's `identify_hasher`: the text before the first `$`, except the two unsalted layouts.
 * An unusable value (`!…`) names no format, so it is refused like an unknown one.
 */
function identify(encoded: string): string {
  if (
    (encoded.length === 32 && !encoded.includes('$')) ||
    (encoded.length === 37 && encoded.startsWith('md5$$'))
  ) {
    return 'unsalted_md5';
  }
  if (encoded.length === 46 && encoded.startsWith('sha1$$')) return 'unsalted_sha1';
  return encoded.slice(0, Math.max(0, encoded.indexOf('$')));
}
