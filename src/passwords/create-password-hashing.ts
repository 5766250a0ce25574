import { ValidationError } from '../errors/errors.js';
import { createArgon2Hasher } from './argon2-hasher.js';
import { bcryptFormat, bcryptSha256Format } from './bcrypt-formats.js';
import { LEGACY_FORMATS } from './legacy-formats.js';
import type { PasswordCheck, PasswordHasher, PasswordHashing } from './password-hashing.js';
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

/**
 * The password registry: hashes new passwords with the preferred hasher, verifies every
 * enabled Django format (identified by its prefix, as Django's `identify_hasher`), and says
 * when a valid login should re-hash.
 *
 * Timing: every failure costs at least one preferred-cost hash, whatever the stored value is,
 * so response times do not tell an unknown user, an unusable password (`!`), a malformed or
 * disabled format, or a cheaper old hash from a wrong password. A wrong password against a
 * current value costs exactly that value's verify; against an outdated value of the preferred
 * format the hasher's `hardenRuntime` adds what is missing (PBKDF2 runs the missing iterations,
 * as Django does); any other failure spends one {@link PasswordHasher.hash} of the preferred
 * hasher. Call {@link PasswordHashing.burn} for users that do not exist.
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
 * legacy name, or options that do not apply to the chosen hasher.
 *
 * @example
 * ```ts
 * const passwords = createPasswordHashing(); // Argon2id, m=19456, t=2, p=1
 * const stored = await passwords.hash('correct horse battery staple');
 * const { valid, needsRehash } = await passwords.verify(input, user.password);
 * if (valid && needsRehash) {
 *   const upgraded = await passwords.hash(input); // then compare-and-swap in storage
 * }
 * ```
 */
export function createPasswordHashing(options: PasswordHashingOptions = {}): PasswordHashing {
  const { preferred, legacy, random } = parsePasswordHashingOptions(options);
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

  const burn = async (password: unknown): Promise<void> => {
    const bounded = typeof password === 'string' && !exceedsBytes(password, PASSWORD_MAX_BYTES);
    await preferred.hash(bounded ? password : BOUNDED_DUMMY);
  };

  const harden = (password: string, encoded: string, format: StoredFormat): Promise<unknown> =>
    format === preferred && preferred.hardenRuntime
      ? preferred.hardenRuntime(password, encoded)
      : preferred.hash(password);

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
      return preferred.hash(password);
    },
    async verify(password: string, encoded: string): Promise<PasswordCheck> {
      const format = typeof encoded === 'string' ? formats.get(identify(encoded)) : undefined;
      if (
        format === undefined ||
        typeof password !== 'string' ||
        exceedsBytes(password, PASSWORD_MAX_BYTES)
      ) {
        await burn(password);
        return INVALID;
      }
      const valid = await format.verify(password, encoded);
      const outdated = format !== preferred || preferred.needsRehash(encoded);
      if (valid) return Object.freeze({ valid: true, needsRehash: outdated });
      if (outdated) await harden(password, encoded, format);
      return INVALID;
    },
    burn,
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
