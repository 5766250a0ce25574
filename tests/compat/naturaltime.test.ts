import { describe, expect, it } from 'vitest';
import { naturalDay, naturalTime } from '../../src/core/natural-time.js';
import vectors from '../fixtures/naturaltime.json' with { type: 'json' };

const now = new Date(vectors.settings.now);
// The last row is a naive Python datetime read in the server's zone; JavaScript has none.
const awareRows = vectors.naturaltime_table.filter((row) => row.delta_seconds !== null);

describe('naturalTime reproduces Django naturaltime byte for byte', () => {
  it.each(awareRows)('$delta_seconds s: $naturaltime', (row) => {
    expect(naturalTime(new Date(row.value), now)).toBe(row.naturaltime);
  });
});

describe('naturalDay reproduces Django naturalday', () => {
  it.each(awareRows)('$delta_seconds s: $naturalday', (row) => {
    expect(naturalDay(new Date(row.value), now)).toBe(row.naturalday);
  });

  it.each(vectors.naturalday_table)('$value: $naturalday', (row) => {
    expect(naturalDay(new Date(row.value), now)).toBe(row.naturalday);
  });
});
