/**
 * Human-readable instants relative to an explicit "now": Django's `naturaltime` and
 * `naturalday` (English, byte for byte) and a locale-aware date-fns distance.
 *
 * Calendar fields are read in UTC, as Django does with `USE_TZ = True, TIME_ZONE = 'UTC'`, so the
 * text never depends on the server's time zone.
 */
// One module each: the package's index loads every date-fns function, a slow start-up.
import type { Locale } from 'date-fns';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';

/**
 * How `date_joined` is rendered:
 * - `naturaltime`: Django's `naturaltime` (`3 days, 2 hours ago`), the default;
 * - `naturalday`: Django's `naturalday` (`today`, `July 8, 2024`), the public original's style;
 * - `distance`: date-fns `formatDistanceStrict` with a suffix, in any date-fns locale.
 */
export type DateStyle = 'naturaltime' | 'naturalday' | 'distance';

/** Options of {@link formatRelativeDate}. */
export interface RelativeDateOptions {
  /** Defaults to `naturaltime`. */
  readonly style?: DateStyle;
  /** date-fns locale of the `distance` style; English (US) when omitted. */
  readonly locale?: Locale;
}

/** U+00A0: Django keeps a count and its unit on one line. */
const NBSP = '\u00a0';
const MS_PER_SECOND = 1_000;
const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = SECONDS_PER_DAY * MS_PER_SECOND;

/** Django's `TIMESINCE_CHUNKS`: 365-day years and 30-day months. */
const TIMESINCE_CHUNKS: readonly (readonly [seconds: number, unit: string])[] = [
  [SECONDS_PER_DAY * 365, 'year'],
  [SECONDS_PER_DAY * 30, 'month'],
  [SECONDS_PER_DAY * 7, 'week'],
  [SECONDS_PER_DAY, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
];

/** Django's `DATE_FORMAT` `N`: Associated Press month abbreviations. */
const AP_MONTHS = [
  'Jan.',
  'Feb.',
  'March',
  'April',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
] as const;

/**
 * Django 3.2's `naturaltime(value)` with `now` given: `now`, `a second ago`,
 * `30 seconds ago`, `an hour ago`, `23 hours ago`, then from one day on at most two adjacent
 * units (`3 days, 2 hours ago`, `1 year, 1 month ago`); `... from now` in the future. Counted
 * forms put U+00A0 between number and unit, exactly as Django.
 *
 * @throws RangeError when either date is invalid.
 * @example
 * ```ts
 * naturalTime(new Date('2024-07-08T10:00:00Z'), new Date('2024-07-11T12:00:00Z'));
 * // '3\u00a0days, 2\u00a0hours ago'
 * ```
 */
export function naturalTime(value: Date, now: Date): string {
  assertValid(value, now);
  const past = value.getTime() < now.getTime();
  const deltaMs = Math.abs(now.getTime() - value.getTime());
  const days = Math.floor(deltaMs / MS_PER_DAY);
  const seconds = Math.floor((deltaMs - days * MS_PER_DAY) / MS_PER_SECOND);
  const suffix = past ? 'ago' : 'from now';
  if (days !== 0) {
    return `${past ? timesince(value, now) : timesince(now, value)} ${suffix}`;
  }
  if (seconds === 0) return 'now';
  if (seconds < 60) return counted(seconds, 'a second', 'seconds', suffix);
  if (seconds < 3_600) return counted(Math.floor(seconds / 60), 'a minute', 'minutes', suffix);
  return counted(Math.floor(seconds / 3_600), 'an hour', 'hours', suffix);
}

/**
 * Django's `naturalday(value)` with `now` given: `today`, `yesterday`, `tomorrow`, else the
 * date as `N j, Y` (`July 8, 2024`, `Sept. 5, 2023`). Calendar dates are compared in UTC.
 *
 * @throws RangeError when either date is invalid.
 * @example
 * ```ts
 * naturalDay(new Date('2024-07-08T10:00:00Z'), new Date('2024-07-11T12:00:00Z')); // 'July 8, 2024'
 * ```
 */
export function naturalDay(value: Date, now: Date): string {
  assertValid(value, now);
  const dayOffset = Math.round((utcMidnight(value) - utcMidnight(now)) / MS_PER_DAY);
  if (dayOffset === 0) return 'today';
  if (dayOffset === 1) return 'tomorrow';
  if (dayOffset === -1) return 'yesterday';
  return `${AP_MONTHS[value.getUTCMonth()]} ${value.getUTCDate()}, ${value.getUTCFullYear()}`;
}

/**
 * `value` relative to `now` in `style` (see {@link DateStyle}).
 *
 * @throws RangeError when either date is invalid.
 * @example
 * ```ts
 * import { fr } from 'date-fns/locale';
 * formatRelativeDate(joined, now, { style: 'distance', locale: fr }); // 'il y a 3 jours'
 * ```
 */
export function formatRelativeDate(
  value: Date,
  now: Date,
  options: RelativeDateOptions = {},
): string {
  switch (options.style ?? 'naturaltime') {
    case 'naturaltime':
      return naturalTime(value, now);
    case 'naturalday':
      return naturalDay(value, now);
    case 'distance':
      assertValid(value, now);
      return formatDistanceStrict(value, now, {
        addSuffix: true,
        ...(options.locale === undefined ? {} : { locale: options.locale }),
      });
  }
}

/**
 * Django's `timesince(earlier, later)` at depth 2, English `naturaltime-past` strings,
 * including its leap-day correction (which skips a Feb 29 when only the later year is leap and
 * no whole leap year lies in between: Django does the same).
 */
function timesince(earlier: Date, later: Date): string {
  const fromYear = earlier.getUTCFullYear();
  const toYear = later.getUTCFullYear();
  let leapDays = leapYearsBetween(fromYear, toYear);
  if (leapDays !== 0) {
    if (isLeapYear(fromYear)) leapDays -= 1;
    else if (isLeapYear(toYear)) leapDays += 1;
  }
  let since = Math.floor(
    (later.getTime() - earlier.getTime() - leapDays * MS_PER_DAY) / MS_PER_SECOND,
  );
  const first = TIMESINCE_CHUNKS.findIndex(([seconds]) => Math.floor(since / seconds) !== 0);
  if (since <= 0 || first === -1) return `0${NBSP}minutes`;
  const parts: string[] = [];
  for (const [seconds, unit] of TIMESINCE_CHUNKS.slice(first, first + 2)) {
    const count = Math.floor(since / seconds);
    if (count === 0) break;
    parts.push(`${count}${NBSP}${unit}${count === 1 ? '' : 's'}`);
    since -= count * seconds;
  }
  return parts.join(', ');
}

function counted(count: number, one: string, many: string, suffix: string): string {
  return count === 1 ? `${one} ${suffix}` : `${count}${NBSP}${many} ${suffix}`;
}

/** Python's `calendar.leapdays(y1, y2)`: leap years in `[y1, y2)`. */
function leapYearsBetween(y1: number, y2: number): number {
  const before = (year: number) =>
    Math.floor(year / 4) - Math.floor(year / 100) + Math.floor(year / 400);
  return before(y2 - 1) - before(y1 - 1);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function utcMidnight(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function assertValid(value: Date, now: Date): void {
  if (Number.isNaN(value.getTime()) || Number.isNaN(now.getTime())) {
    throw new RangeError('Invalid time value');
  }
}
