import { ConfigurationError, type ValidationIssue } from '../errors/errors.js';
import { getCommonPasswords } from './common-passwords.js';
import { exceedsBytes, PASSWORD_MAX_BYTES } from './password-limits.js';
import { DEFAULT_MAX_SIMILARITY, findSimilarValue } from './similarity.js';

/** Options of {@link createPasswordPolicy}; each rule can be tuned or turned off. */
export interface PasswordPolicyOptions {
  /** Fewest code points. Default 8 (NIST SP 800-63B Rev. 4 recommends 15). */
  readonly minLength?: number;
  /** Most UTF-8 bytes, checked before any other rule; 256 to 4,096. Default 4,096. */
  readonly maxBytes?: number;
  /** Refuse the 49,233 most common passwords (case-insensitive, trimmed, as Django). Default true. */
  readonly common?: boolean;
  /** Refuse passwords made only of digits. Default true. */
  readonly numeric?: boolean;
  /**
   * Refuse passwords too similar to the username or email (Django's
   * `UserAttributeSimilarityValidator`). `true` uses Django's threshold 0.7; an object sets
   * another from 0.1 to 1. Default true.
   */
  readonly similarity?: boolean | { readonly maxSimilarity: number };
}

/** What the similarity rule compares a password with. */
export interface PasswordUserAttributes {
  readonly username?: string | null;
  readonly email?: string | null;
}

/** The password rules for sign-up and password change (never for login). */
export interface PasswordPolicy {
  /**
   * Every rule `password` breaks, each as a {@link ValidationIssue} on path `['password']` with
   * its own code, in Django's validator order: `PASSWORD_TOO_LONG` (alone: nothing else is
   * checked on an over-long input), else `PASSWORD_TOO_SIMILAR`, `PASSWORD_TOO_SHORT`,
   * `PASSWORD_TOO_COMMON`, `PASSWORD_ENTIRELY_NUMERIC`. Empty when the password is acceptable. Time is linear in the input
   * and bounded by `maxBytes`.
   */
  check(password: string, user?: PasswordUserAttributes): ValidationIssue[];
}

const PATH = ['password'] as const;
const issue = (code: ValidationIssue['code'], message: string): ValidationIssue =>
  Object.freeze({ path: PATH, code, message });

/**
 * Django's four password validators as one policy, with no composition rules (no "one digit,
 * one capital": OWASP ASVS 6.2.5, NIST). Lengths count what was typed: no normalisation, as at
 * login.
 *
 * @throws {ConfigurationError} `CONFIGURATION_ERROR` when an option is out of range.
 *
 * @example
 * ```ts
 * const policy = createPasswordPolicy({ minLength: 12 });
 * const issues = policy.check('alexander1', { username: 'alexander' });
 * // [{ path: ['password'], code: 'PASSWORD_TOO_SHORT', ... }, { ..., code: 'PASSWORD_TOO_SIMILAR' }]
 * if (issues.length > 0) throw new ValidationError(issues);
 * ```
 */
export function createPasswordPolicy(options: PasswordPolicyOptions = {}): PasswordPolicy {
  const {
    minLength = 8,
    maxBytes = PASSWORD_MAX_BYTES,
    common = true,
    numeric = true,
    similarity = true,
  } = options;
  const maxSimilarity =
    similarity === true
      ? DEFAULT_MAX_SIMILARITY
      : similarity === false
        ? 0
        : similarity?.maxSimilarity;
  const problems: string[] = [];
  if (!Number.isSafeInteger(minLength) || minLength < 1 || minLength > 64) {
    problems.push('minLength must be an integer from 1 to 64');
  }
  // ASVS 6.2.9: at least 64 characters must fit, and 64 four-byte characters are 256 bytes.
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 256 || maxBytes > PASSWORD_MAX_BYTES) {
    problems.push(`maxBytes must be an integer from 256 to ${PASSWORD_MAX_BYTES}`);
  }
  if (typeof common !== 'boolean') problems.push('common must be a boolean');
  if (typeof numeric !== 'boolean') problems.push('numeric must be a boolean');
  if (
    similarity !== false &&
    !(typeof maxSimilarity === 'number' && maxSimilarity >= 0.1 && maxSimilarity <= 1)
  ) {
    problems.push('similarity must be a boolean or { maxSimilarity } from 0.1 to 1');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);

  return Object.freeze({
    check(password: string, user: PasswordUserAttributes = {}): ValidationIssue[] {
      if (exceedsBytes(password, maxBytes)) {
        return [issue('PASSWORD_TOO_LONG', `Ensure this password has at most ${maxBytes} bytes.`)];
      }
      const issues: ValidationIssue[] = [];
      if (similarity !== false) {
        const similar = findSimilarValue(password, userValues(user), maxSimilarity as number);
        if (similar !== undefined) {
          issues.push(
            issue('PASSWORD_TOO_SIMILAR', `The password is too similar to the ${similar}.`),
          );
        }
      }
      if (countCodePoints(password) < minLength) {
        issues.push(
          issue(
            'PASSWORD_TOO_SHORT',
            `This password is too short. It must contain at least ${minLength} characters.`,
          ),
        );
      }
      if (common && getCommonPasswords().has(password.toLowerCase().trim())) {
        issues.push(issue('PASSWORD_TOO_COMMON', 'This password is too common.'));
      }
      if (numeric && /^\p{Nd}+$/u.test(password)) {
        issues.push(issue('PASSWORD_ENTIRELY_NUMERIC', 'This password is entirely numeric.'));
      }
      return issues;
    },
  });
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The username, the email, and the email's local part (the part users reuse most). */
function userValues(user: PasswordUserAttributes): [string, string][] {
  const values: [string, string][] = [];
  if (typeof user.username === 'string' && user.username) values.push(['username', user.username]);
  if (typeof user.email === 'string' && user.email) {
    values.push(['email address', user.email]);
    const at = user.email.lastIndexOf('@');
    if (at > 0) values.push(['email address', user.email.slice(0, at)]);
  }
  return values;
}
