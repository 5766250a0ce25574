import { timingSafeEqual } from 'node:crypto';
import { ConfigurationError } from '../errors/errors.js';
import { legacyDaysToSeconds, loginTimestamp, secondsSince2001 } from './reset-token-time.js';
import { saltedHmacHex } from './salted-hmac.js';

/** Django's `PASSWORD_RESET_TIMEOUT` default: three days. */
export const DEFAULT_RESET_TIMEOUT_SECONDS = 259_200;

/** The key salt of Django's `PasswordResetTokenGenerator`, so its links and ours are one kind. */
const KEY_SALT = 'django.contrib.auth.tokens.PasswordResetTokenGenerator';

/**
 * Longer than any token Django or accountkit makes (13 base36 digits, `-`, 32 hex digits):
 * anything longer is refused before any HMAC is computed.
 */
const MAX_TOKEN_LENGTH = 46;

/** Fewest UTF-8 bytes of the secret: a forged token is a taken-over account. */
const MIN_SECRET_BYTES = 32;

/** The longest lifetime accepted: ten years, as the token service's lifetimes. */
const MAX_TIMEOUT_SECONDS = 10 * 365 * 86_400;

/** What a reset token is bound to: changing any of it ends every token made before. */
export interface ResetTokenUser {
  readonly id: number;
  /** The stored password hash: the token dies once the password is set, so it is single-use. */
  readonly passwordHash: string;
  /** The last login (`null`: never); a login ends the token. Fractions of a second are ignored. */
  readonly lastLogin: Date | null;
  /** The stored address (`''` when none); changing it ends the token. */
  readonly email: string;
}

/** A token's verdict: genuine and in time, not genuine (or no longer), or genuine but too old. */
export type ResetTokenVerdict = 'valid' | 'invalid' | 'expired';

/** Options of {@link createDjangoResetTokens}. */
export interface DjangoResetTokenOptions {
  /** Django's `SECRET_KEY` (links Django sent keep working), at least 32 UTF-8 bytes. */
  readonly secret: string;
  /** Django's `PASSWORD_RESET_TIMEOUT`; default 259,200 (three days). */
  readonly timeoutSeconds?: number;
}

/** Makes and checks password-reset tokens in Django 3.2's format. */
export interface DjangoResetTokens {
  /** The lifetime of a token, in seconds. */
  readonly timeoutSeconds: number;
  /** A token for `user` made at `now`: `<base36 seconds since 2001>-<20 bytes of hex>`. */
  make(user: ResetTokenUser, now: Date): string;
  /**
   * Judge `token` for `user` at `now`, as Django 3.2's `check_token` does: the SHA-256 form,
   * else the SHA-1 form Django 3.2 still accepts, each compared in constant time; then the age,
   * which may equal the lifetime but not pass it. A token dated in the future is in time, as in
   * Django. Never throws.
   */
  check(user: ResetTokenUser, token: string, now: Date): ResetTokenVerdict;
}

/**
 * Django 3.2's `PasswordResetTokenGenerator`, byte for byte: a token Django made checks here
 * and the other way round, given the same `SECRET_KEY` and the same user row. The hash covers
 * the id, the password hash, the last login, the timestamp and the email, so a token ends when
 * the password is set (it is single-use), at a login, at an email change, and after
 * `timeoutSeconds`. Pure apart from the HMAC: the instant is always passed in.
 *
 * @throws ConfigurationError `CONFIGURATION_ERROR` for a secret under 32 bytes or a lifetime
 *   that is not a whole number of seconds from 1 to ten years.
 * @example
 * ```ts
 * const tokens = createDjangoResetTokens({ secret: process.env.DJANGO_SECRET_KEY! });
 * const token = tokens.make(user, now); // 'ca01c0-455c808a7ec04c249c948fcfc83e9203'
 * tokens.check(user, token, now); // 'valid'
 * ```
 */
export function createDjangoResetTokens(
  options: DjangoResetTokenOptions,
  /** @internal Another salt makes another kind of token from the same secret. */
  keySalt: string = KEY_SALT,
): DjangoResetTokens {
  const problems = resetTokenOptionProblems(options);
  if (problems.length > 0) throw new ConfigurationError(problems);
  const { secret, timeoutSeconds = DEFAULT_RESET_TIMEOUT_SECONDS } = options;
  const sha256 = saltedHmacHex(keySalt, secret, 'sha256');
  const sha1 = saltedHmacHex(keySalt, secret, 'sha1');
  const tokenAt = (user: ResetTokenUser, timestamp: number, hmac: typeof sha256) =>
    `${timestamp.toString(36)}-${everyOther(hmac(hashValue(user, timestamp)))}`;

  return Object.freeze({
    timeoutSeconds,
    make: (user: ResetTokenUser, now: Date) => tokenAt(user, secondsSince2001(now), sha256),
    check(user: ResetTokenUser, token: string, now: Date): ResetTokenVerdict {
      const stamp = readTimestamp(token);
      if (stamp === null) return 'invalid';
      const genuine =
        sameText(tokenAt(user, stamp.value, sha256), token) ||
        sameText(tokenAt(user, stamp.value, sha1), token);
      if (!genuine) return 'invalid';
      const madeAt = stamp.days ? legacyDaysToSeconds(stamp.value, now) : stamp.value;
      return secondsSince2001(now) - madeAt > timeoutSeconds ? 'expired' : 'valid';
    },
  });
}

/**
 * The problems of {@link DjangoResetTokenOptions}, each prefixed with `where`, for factories
 * that report every problem of their options at once.
 * @internal
 */
export function resetTokenOptionProblems(
  options: Partial<DjangoResetTokenOptions>,
  where = '',
): string[] {
  const problems: string[] = [];
  const { secret, timeoutSeconds = DEFAULT_RESET_TIMEOUT_SECONDS } = options;
  if (typeof secret !== 'string' || Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    problems.push(`${where}secret must be a string of at least ${MIN_SECRET_BYTES} UTF-8 bytes`);
  }
  if (
    !Number.isSafeInteger(timeoutSeconds) ||
    timeoutSeconds < 1 ||
    timeoutSeconds > MAX_TIMEOUT_SECONDS
  ) {
    problems.push(`${where}timeoutSeconds must be a whole number from 1 to ${MAX_TIMEOUT_SECONDS}`);
  }
  return problems;
}

/** `_make_hash_value`: every value whose change must end the token, in Django's order. */
function hashValue(user: ResetTokenUser, timestamp: number): string {
  return `${user.id}${user.passwordHash}${loginTimestamp(user.lastLogin)}${timestamp}${user.email}`;
}

/** Django keeps every other hex digit, to shorten the URL. */
function everyOther(hex: string): string {
  let out = '';
  for (let index = 0; index < hex.length; index += 2) out += hex[index];
  return out;
}

/**
 * The timestamp before the one `-`, or `null` when the token has no such shape. Only lowercase
 * base36 can match a made token, so nothing else is parsed; fewer than four digits are days
 * (tokens of Django before 3.1).
 */
function readTimestamp(token: string): { value: number; days: boolean } | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const match = /^([0-9a-z]{1,13})-[^-]*$/.exec(token);
  if (match === null) return null;
  const digits = match[1] as string;
  const value = Number.parseInt(digits, 36);
  return Number.isSafeInteger(value) ? { value, days: digits.length < 4 } : null;
}

/** Django's `constant_time_compare`: the time depends on the lengths only. */
function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
