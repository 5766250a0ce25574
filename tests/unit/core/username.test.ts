import { describe, expect, it, vi } from 'vitest';
import { normalizeUsername, usernameKey } from '../../../src/core/username.js';

describe('normalizeUsername', () => {
  it('returns the NFKC display form and the folded key', () => {
    expect(normalizeUsername('Ａｌｉｃｅ')).toEqual({ ok: true, username: 'Alice', key: 'alice' });
  });

  it('judges a combining sequence after composing it (Rene + U+0301 is René)', () => {
    expect(normalizeUsername('Rene\u0301')).toEqual({ ok: true, username: 'René', key: 'rené' });
  });

  it.each(['a b', 'a/b', 'a\\b', '', 'a\u0000', 'ali\u202Ece', 'a:b'])('refuses %j', (raw) => {
    expect(normalizeUsername(raw)).toEqual({ ok: false, problem: 'USERNAME_INVALID' });
  });

  it('accepts Django’s extra characters . @ + - _', () => {
    expect(normalizeUsername('a.b@c+d-e_f')).toEqual({
      ok: true,
      username: 'a.b@c+d-e_f',
      key: 'a.b@c+d-e_f',
    });
  });

  it('C-07 accepts 150 code points', () => {
    expect(normalizeUsername('é'.repeat(150))).toEqual({
      ok: true,
      username: 'é'.repeat(150),
      key: 'é'.repeat(150),
    });
  });

  it('C-07 counts code points, not UTF-16 units (150 astral letters)', () => {
    expect(normalizeUsername('𝐀'.repeat(150))).toEqual({
      ok: true,
      username: 'A'.repeat(150),
      key: 'a'.repeat(150),
    });
  });

  it('C-07 refuses 151 code points', () => {
    expect(normalizeUsername('a'.repeat(151))).toEqual({ ok: false, problem: 'USERNAME_TOO_LONG' });
  });

  it('C-07 refuses 1 MiB without normalising it', () => {
    const huge = 'a'.repeat(1024 * 1024);
    const normalize = vi.spyOn(String.prototype, 'normalize');
    try {
      expect(normalizeUsername(huge)).toEqual({ ok: false, problem: 'USERNAME_TOO_LONG' });
      expect(normalize).not.toHaveBeenCalled();
    } finally {
      normalize.mockRestore();
    }
  });
});

describe('usernameKey', () => {
  it('C-03 folds Alice, ALICE, alice and fullwidth ａｌｉｃｅ to one key', () => {
    expect(new Set(['Alice', 'ALICE', 'alice', 'ａｌｉｃｅ'].map(usernameKey))).toEqual(
      new Set(['alice']),
    );
  });

  it('folds ß to ss, as Python’s casefold', () => {
    expect(usernameKey('Straße')).toBe('strasse');
  });

  it('folds final sigma with sigma', () => {
    expect(usernameKey('ΌΣΟΣ')).toBe(usernameKey('όσος'));
  });
});
