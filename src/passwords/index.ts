/**
 * Passwords: Django-compatible hashing with upgrade on login, and the password rules.
 *
 * @module passwords
 */
export {
  ARGON2_DEFAULTS,
  type Argon2HasherOptions,
  type Argon2Parameters,
  createArgon2Hasher,
} from './argon2-hasher.js';
export { createPasswordHashing } from './create-password-hashing.js';
export type { FailureFloorReport, PasswordAttempt } from './failure-floor.js';
export { LEGACY_ALGORITHMS, type LegacyAlgorithm } from './legacy-formats.js';
export type { PasswordCheck, PasswordHasher, PasswordHashing } from './password-hashing.js';
export type { PasswordHashingOptions } from './password-hashing-options.js';
export { PASSWORD_MAX_BYTES } from './password-limits.js';
export {
  createPasswordPolicy,
  type PasswordPolicy,
  type PasswordPolicyOptions,
  type PasswordUserAttributes,
} from './password-policy.js';
export {
  createPbkdf2Hasher,
  PBKDF2_MIN_ITERATIONS,
  type Pbkdf2Algorithm,
  type Pbkdf2HasherOptions,
} from './pbkdf2-hasher.js';
