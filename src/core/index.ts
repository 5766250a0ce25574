/**
 * Pure, framework-agnostic account logic: no I/O, time and randomness passed in. Safe to call
 * from any JavaScript runtime.
 *
 * @module core
 */
export {
  type NormalizedUsername,
  normalizeUsername,
  USERNAME_MAX_LENGTH,
  USERNAME_MAX_RAW_LENGTH,
  USERNAME_PATTERN,
  type UsernameProblem,
  usernameKey,
} from './username.js';
