/**
 * The instants inside a Django reset token, counted as Django 3.2 counts them, in UTC: Django
 * reads `last_login` back in UTC (`USE_TZ = True`) and its clock in `TIME_ZONE`, which is UTC
 * in a deployment whose links accountkit honours to the second.
 */

/** Django's token epoch, 2001-01-01 00:00:00. */
const EPOCH_MS = Date.UTC(2001, 0, 1);

const SECONDS_PER_DAY = 86_400;

/**
 * Whole seconds from 2001-01-01 to `at`, truncated toward zero as Python's `int()` of
 * `total_seconds()` (`PasswordResetTokenGenerator._num_seconds`).
 * @internal
 */
export function secondsSince2001(at: Date): number {
  return Math.trunc((at.getTime() - EPOCH_MS) / 1000);
}

/**
 * A pre-Django 3.1 timestamp counted days; Django 3.2 still accepts such a token, dated at the
 * current time of day on its day (`check_token`'s `legacy_token` branch).
 * @internal
 */
export function legacyDaysToSeconds(days: number, now: Date): number {
  return days * SECONDS_PER_DAY + (secondsSince2001(now) % SECONDS_PER_DAY);
}

/**
 * `str(last_login.replace(microsecond=0, tzinfo=None))`: `YYYY-MM-DD HH:MM:SS` in UTC, or `''`
 * for a user who never logged in.
 * @internal
 */
export function loginTimestamp(lastLogin: Date | null): string {
  if (lastLogin === null) return '';
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${String(lastLogin.getUTCFullYear()).padStart(4, '0')}-${two(lastLogin.getUTCMonth() + 1)}-${two(lastLogin.getUTCDate())}`;
  return `${date} ${two(lastLogin.getUTCHours())}:${two(lastLogin.getUTCMinutes())}:${two(lastLogin.getUTCSeconds())}`;
}
