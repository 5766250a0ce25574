import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/index.js';
import { createPasswordPolicy, type PasswordPolicyOptions } from '../../src/passwords/index.js';

const policy = createPasswordPolicy();
const codes = (password: string, user = {}) =>
  policy.check(password, user).map((issue) => issue.code);

describe('B-10 no composition rules', () => {
  it('B-10 "correct horse battery staple" (no digit, capital or symbol) is accepted', () => {
    expect(policy.check('correct horse battery staple', { username: 'alice' })).toEqual([]);
  });
});

describe('B-11 Django’s validators, each with its own code', () => {
  it.each([['password123'], ['PassWord123'], ['  Password123 ']])(
    'B-11 %j is PASSWORD_TOO_COMMON (case-insensitive, trimmed as Django)',
    (password) => {
      expect(codes(password)).toEqual(['PASSWORD_TOO_COMMON']);
    },
  );

  it('B-11 1234567890123 is PASSWORD_ENTIRELY_NUMERIC', () => {
    expect(codes('1234567890123')).toEqual(['PASSWORD_ENTIRELY_NUMERIC']);
  });

  it('B-11 alexander1 with username alexander is PASSWORD_TOO_SIMILAR', () => {
    expect(codes('alexander1', { username: 'alexander' })).toContain('PASSWORD_TOO_SIMILAR');
    expect(codes('alexander1', { username: 'bob' })).not.toContain('PASSWORD_TOO_SIMILAR');
  });

  it('B-11 compares with the email, its local part and its parts', () => {
    expect(codes('j.smithson!', { email: 'j.smithson@example.test' })).toEqual([
      'PASSWORD_TOO_SIMILAR',
    ]);
    expect(codes('smithson42x', { email: 'j.smithson@example.test' })).toEqual([
      'PASSWORD_TOO_SIMILAR',
    ]);
    expect(codes('tranquil meadow', { email: 'j.smithson@example.test' })).toEqual([]);
  });

  it('B-11 a long password containing a short username is not "similar" (Django’s length-ratio rule)', () => {
    expect(codes('bo and a long sentence about nothing', { username: 'bo' })).toEqual([]);
  });

  it('B-11 the similarity check at 4,096 bytes stays fast (the bound itself is a benchmark)', () => {
    const password = 'ab'.repeat(2_048);
    const user = { username: 'ab'.repeat(75), email: `${'ab'.repeat(100)}@example.test` };
    expect(policy.check(password, user)).toEqual([]);
  });

  it('B-11 several rules at once, in Django’s validator order', () => {
    expect(codes('1234567', { username: '1234567' })).toEqual([
      'PASSWORD_TOO_SIMILAR',
      'PASSWORD_TOO_SHORT',
      'PASSWORD_TOO_COMMON',
      'PASSWORD_ENTIRELY_NUMERIC',
    ]);
  });

  it('every issue is on the password field with a message', () => {
    expect(policy.check('qzv7')).toEqual([
      {
        path: ['password'],
        code: 'PASSWORD_TOO_SHORT',
        message: 'This password is too short. It must contain at least 8 characters.',
      },
    ]);
  });
});

describe('B-06 length limits', () => {
  it('B-06 4,097 bytes → PASSWORD_TOO_LONG and nothing else is checked', () => {
    const over = `${'😀'.repeat(1_024)}1`;
    expect(codes(over, { username: over })).toEqual(['PASSWORD_TOO_LONG']);
    expect(codes('1'.repeat(4_097))).toEqual(['PASSWORD_TOO_LONG']);
  });

  it('B-06 exactly 4,096 bytes is accepted', () => {
    expect(codes('😀'.repeat(1_024))).toEqual([]);
  });

  it('B-06 a 1 MiB password is refused on its length alone', () => {
    expect(codes('a'.repeat(1024 * 1024))).toEqual(['PASSWORD_TOO_LONG']);
  });

  it('minimum length counts code points, not UTF-16 units', () => {
    expect(codes('😀😀😀😀😀😀😀')).toEqual(['PASSWORD_TOO_SHORT']); // 7 code points, 14 units
    expect(codes('😀😀😀😀😀😀😀😀')).toEqual([]);
  });

  it('64 characters always fit, whatever maxBytes allows', () => {
    const small = createPasswordPolicy({ maxBytes: 256 });
    expect(small.check('😀'.repeat(64))).toEqual([]);
  });
});

describe('rules are configurable', () => {
  it('each rule can be turned off', () => {
    const none = createPasswordPolicy({ common: false, numeric: false, similarity: false });
    expect(none.check('12345678', { username: '12345678' })).toEqual([]);
  });

  it('minLength and the similarity threshold can be set', () => {
    const strict = createPasswordPolicy({ minLength: 15, similarity: { maxSimilarity: 0.5 } });
    expect(strict.check('tranquil meadow').map((issue) => issue.code)).toEqual([]);
    // quick_ratio of vxyzwkquilt and quilt is 10/16: over 0.5, under Django's 0.7.
    expect(codes('vxyzwkquilt', { username: 'quilt' })).toEqual([]);
    expect(strict.check('vxyzwkquilt', { username: 'quilt' }).map((issue) => issue.code)).toEqual([
      'PASSWORD_TOO_SIMILAR',
      'PASSWORD_TOO_SHORT',
    ]);
  });

  it.each<[string, PasswordPolicyOptions]>([
    ['minLength 0', { minLength: 0 }],
    ['fractional minLength', { minLength: 8.5 }],
    ['maxBytes over 4,096', { maxBytes: 8_192 }],
    ['maxBytes under 64 four-byte characters', { maxBytes: 255 }],
    ['similarity threshold 0', { similarity: { maxSimilarity: 0 } }],
    ['common as a string', { common: 'yes' as unknown as boolean }],
  ])('%s → ConfigurationError CONFIGURATION_ERROR', (_name, options) => {
    expect(() => createPasswordPolicy(options)).toThrow(ConfigurationError);
  });
});
