import { de, fr } from 'date-fns/locale';
import { describe, expect, it } from 'vitest';
import { formatRelativeDate, naturalDay, naturalTime } from '../../../src/core/natural-time.js';

const at = (iso: string) => new Date(iso);
const NOW = at('2024-07-11T12:00:00Z');

describe('naturalTime', () => {
  it('truncates sub-second differences to "now"', () => {
    expect(naturalTime(at('2024-07-11T11:59:59.001Z'), NOW)).toBe('now');
  });

  it('puts U+00A0 between count and unit', () => {
    expect(naturalTime(at('2024-07-11T11:59:30Z'), NOW)).toBe('30\u00a0seconds ago');
  });

  it('shows two adjacent units at most', () => {
    expect(naturalTime(at('2024-06-04T12:00:00Z'), NOW)).toBe('1\u00a0month, 1\u00a0week ago');
  });

  it('drops the second unit when the adjacent one is zero (31 days, 1 hour)', () => {
    expect(naturalTime(at('2024-06-10T11:00:00Z'), NOW)).toBe('1\u00a0month ago');
  });

  it('subtracts leap days the way Django does across several years', () => {
    // 1,490 days; leapdays(2021, 2025) = 1 (2024) is subtracted: 4 years and 29 days.
    expect(naturalTime(at('2021-03-01T12:00:00Z'), at('2025-03-30T12:00:00Z'))).toBe(
      '4\u00a0years ago',
    );
  });

  it('does not subtract a leap day when only the later year is leap (as Django)', () => {
    // 2023-07-11 → 2024-07-11 is 366 days; leapdays(2023, 2024) = 0, so 1 year and 1 day.
    expect(naturalTime(at('2023-07-11T12:00:00Z'), NOW)).toBe('1\u00a0year ago');
  });

  it('counts "from now" for future instants', () => {
    expect(naturalTime(at('2024-07-11T14:30:00Z'), NOW)).toBe('2\u00a0hours from now');
  });

  it('does not depend on the process time zone (reads UTC fields)', () => {
    expect(naturalTime(at('2023-12-31T23:30:00Z'), at('2024-01-01T00:30:00Z'))).toBe('an hour ago');
  });

  it('throws RangeError on an invalid date', () => {
    expect(() => naturalTime(new Date(Number.NaN), NOW)).toThrow(RangeError);
  });
});

describe('naturalDay', () => {
  it('compares calendar dates in UTC', () => {
    expect(naturalDay(at('2024-07-10T23:59:59Z'), at('2024-07-11T00:00:01Z'))).toBe('yesterday');
  });

  it('formats other days as "N j, Y" with AP months', () => {
    expect(naturalDay(at('2023-09-05T08:00:00Z'), NOW)).toBe('Sept. 5, 2023');
  });
});

describe('formatRelativeDate', () => {
  const joined = at('2024-07-08T10:00:00Z');

  it('defaults to naturaltime', () => {
    expect(formatRelativeDate(joined, NOW)).toBe('3\u00a0days, 2\u00a0hours ago');
  });

  it('renders naturalday on request', () => {
    expect(formatRelativeDate(joined, NOW, { style: 'naturalday' })).toBe('July 8, 2024');
  });

  it('renders a date-fns distance in English by default', () => {
    expect(formatRelativeDate(joined, NOW, { style: 'distance' })).toBe('3 days ago');
  });

  it('renders a date-fns distance in the given locale', () => {
    expect(formatRelativeDate(joined, NOW, { style: 'distance', locale: fr })).toBe(
      'il y a 3 jours',
    );
  });

  it('renders future distances with the locale suffix', () => {
    expect(
      formatRelativeDate(at('2024-07-12T12:00:00Z'), NOW, { style: 'distance', locale: de }),
    ).toBe('in 1 Tag');
  });

  it('throws RangeError on an invalid date in every style', () => {
    expect(() => formatRelativeDate(joined, new Date(Number.NaN), { style: 'distance' })).toThrow(
      RangeError,
    );
  });
});
