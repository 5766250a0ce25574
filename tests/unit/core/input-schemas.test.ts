import { describe, expect, it } from 'vitest';
import {
  loginSchema,
  parseInput,
  parseInputFields,
  profileUpdateSchema,
  refreshTokenSchema,
  signUpSchema,
  userIdParamsSchema,
} from '../../../src/core/input-schemas.js';
import { ValidationError } from '../../../src/errors/errors.js';

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) {
      return error.issues.map(({ path, code }) => ({ path, code }));
    }
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('signUpSchema', () => {
  it('accepts { username, email, password } and normalises the username', () => {
    expect(
      parseInput(signUpSchema, {
        username: ' ａｌｉｃｅ ',
        email: 'a@example.test',
        password: ' x ',
      }),
    ).toEqual({ username: 'alice', email: 'a@example.test', password: ' x ' });
  });

  it('accepts a missing or empty email', () => {
    expect(parseInput(signUpSchema, { username: 'bob', email: '', password: 'p' })).toEqual({
      username: 'bob',
      email: '',
      password: 'p',
    });
  });

  it('C-09 mass assignment: every extra key is UNKNOWN_FIELD', () => {
    const body = JSON.parse(
      '{"username":"eve","password":"p","id":1,"is_active":false,"is_staff":true,"follower_count":999,"date_joined":"2020-01-01","password_hash":"x","token_type":"access"}',
    );
    expect(issuesOf(() => parseInput(signUpSchema, body))).toEqual(
      [
        'id',
        'is_active',
        'is_staff',
        'follower_count',
        'date_joined',
        'password_hash',
        'token_type',
      ].map((key) => ({ path: [key], code: 'UNKNOWN_FIELD' })),
    );
  });

  it('C-09 __proto__ and constructor keys from JSON.parse are UNKNOWN_FIELD', () => {
    const body = JSON.parse(
      '{"username":"eve","password":"p","__proto__":{"is_staff":true},"constructor":{}}',
    );
    expect(issuesOf(() => parseInput(signUpSchema, body))).toEqual([
      { path: ['__proto__'], code: 'UNKNOWN_FIELD' },
      { path: ['constructor'], code: 'UNKNOWN_FIELD' },
    ]);
  });

  it.each([[5], [['a']], [{}], [null], [true]])('C-10 username %j → INVALID_TYPE', (username) => {
    expect(issuesOf(() => parseInput(signUpSchema, { username, password: 'p' }))).toEqual([
      { path: ['username'], code: 'INVALID_TYPE' },
    ]);
  });

  it.each([[12345678], [null], [['p']]])('C-10 password %j → INVALID_TYPE', (password) => {
    expect(issuesOf(() => parseInput(signUpSchema, { username: 'bob', password }))).toEqual([
      { path: ['password'], code: 'INVALID_TYPE' },
    ]);
  });

  it('C-10 missing fields → REQUIRED with their paths', () => {
    expect(issuesOf(() => parseInput(signUpSchema, {}))).toEqual([
      { path: ['username'], code: 'REQUIRED' },
      { path: ['password'], code: 'REQUIRED' },
    ]);
  });

  it.each([[null], [[]], ['{}'], [42]])('C-10 body %j → INVALID_TYPE at the root', (body) => {
    expect(issuesOf(() => parseInput(signUpSchema, body))).toEqual([
      { path: [], code: 'INVALID_TYPE' },
    ]);
  });

  it('C-07 150 code points are accepted', () => {
    const username = '𝒶'.repeat(75) + 'a'.repeat(75);
    expect(parseInput(signUpSchema, { username, password: 'p' }).username).toBe(
      username.normalize('NFKC'),
    );
  });

  it('C-07 151 code points → USERNAME_TOO_LONG', () => {
    expect(
      issuesOf(() => parseInput(signUpSchema, { username: 'a'.repeat(151), password: 'p' })),
    ).toEqual([{ path: ['username'], code: 'USERNAME_TOO_LONG' }]);
  });

  it('C-07 a 1 MiB username → USERNAME_TOO_LONG', () => {
    const username = 'a'.repeat(1024 * 1024);
    expect(issuesOf(() => parseInput(signUpSchema, { username, password: 'p' }))).toEqual([
      { path: ['username'], code: 'USERNAME_TOO_LONG' },
    ]);
  });

  it.each(['a b', 'a/b', 'ali\u202Ece', '\ufeffalice'])(
    'username %j → USERNAME_INVALID',
    (username) => {
      expect(issuesOf(() => parseInput(signUpSchema, { username, password: 'p' }))).toEqual([
        { path: ['username'], code: 'USERNAME_INVALID' },
      ]);
    },
  );

  it('strips the whitespace Python’s str.strip() strips, as DRF did, before judging the name', () => {
    expect(
      parseInput(signUpSchema, {
        username: '\x1c\u3000alice\x85\n',
        email: '\u00a0a@example.test\x1f',
        password: ' p ',
      }),
    ).toEqual({ username: 'alice', email: 'a@example.test', password: ' p ' });
  });

  it.each(['', '   ', '\u3000\x1c'])(
    'a blank username %j → REQUIRED, in DRF’s words',
    (username) => {
      expect(() => parseInput(signUpSchema, { username, password: 'p' })).toThrow(
        expect.objectContaining({
          issues: [
            { path: ['username'], code: 'REQUIRED', message: 'This field may not be blank.' },
          ],
        }),
      );
    },
  );

  it('an empty password → REQUIRED; a password of spaces is taken as sent', () => {
    expect(() => parseInput(signUpSchema, { username: 'bob', password: '' })).toThrow(
      expect.objectContaining({
        issues: [{ path: ['password'], code: 'REQUIRED', message: 'This field may not be blank.' }],
      }),
    );
    expect(parseInput(signUpSchema, { username: 'bob', password: '  ' }).password).toBe('  ');
  });

  it('DRF’s recorded case: an invalid username and a blank password are both reported', () => {
    expect(
      issuesOf(() => parseInput(signUpSchema, { username: 'bad name!', password: '' })),
    ).toEqual([
      { path: ['username'], code: 'USERNAME_INVALID' },
      { path: ['password'], code: 'REQUIRED' },
    ]);
  });

  it.each(['not-an-email', 'a@b', `${'a'.repeat(250)}@x.io`])(
    'email %j → EMAIL_INVALID',
    (email) => {
      expect(
        issuesOf(() => parseInput(signUpSchema, { username: 'bob', email, password: 'p' })),
      ).toEqual([{ path: ['email'], code: 'EMAIL_INVALID' }]);
    },
  );

  it('reports every problem at once', () => {
    expect(issuesOf(() => parseInput(signUpSchema, { username: 5, is_staff: true }))).toEqual([
      { path: ['username'], code: 'INVALID_TYPE' },
      { path: ['password'], code: 'REQUIRED' },
      { path: ['is_staff'], code: 'UNKNOWN_FIELD' },
    ]);
  });
});

describe('profileUpdateSchema', () => {
  it('accepts a partial patch', () => {
    expect(parseInput(profileUpdateSchema, { email: 'new@example.test' })).toEqual({
      email: 'new@example.test',
    });
  });

  it('D-02 read-only user fields → READ_ONLY_FIELD, others → UNKNOWN_FIELD', () => {
    const patch = {
      id: 9,
      is_active: false,
      date_joined: 'x',
      follower_count: 1,
      following_count: 2,
      password_hash: 'h',
      nickname: 'n',
    };
    expect(issuesOf(() => parseInput(profileUpdateSchema, patch))).toEqual([
      { path: ['id'], code: 'READ_ONLY_FIELD' },
      { path: ['is_active'], code: 'READ_ONLY_FIELD' },
      { path: ['date_joined'], code: 'READ_ONLY_FIELD' },
      { path: ['follower_count'], code: 'READ_ONLY_FIELD' },
      { path: ['following_count'], code: 'READ_ONLY_FIELD' },
      { path: ['password_hash'], code: 'READ_ONLY_FIELD' },
      { path: ['nickname'], code: 'UNKNOWN_FIELD' },
    ]);
  });

  it('D-04 a new password without current_password → REQUIRED', () => {
    expect(issuesOf(() => parseInput(profileUpdateSchema, { password: 'n3w-secret' }))).toEqual([
      { path: ['current_password'], code: 'REQUIRED' },
    ]);
  });

  it('accepts a new password with the current one', () => {
    const patch = { password: 'n3w-secret', current_password: 'old' };
    expect(parseInput(profileUpdateSchema, patch)).toEqual(patch);
  });

  it('a missing current_password is reported along with the other fields’ issues', () => {
    expect(
      issuesOf(() =>
        parseInput(profileUpdateSchema, { username: 'a b', email: 'x', password: 'n3w-secret' }),
      ),
    ).toEqual([
      { path: ['username'], code: 'USERNAME_INVALID' },
      { path: ['email'], code: 'EMAIL_INVALID' },
      { path: ['current_password'], code: 'REQUIRED' },
    ]);
  });

  it('a blank password → REQUIRED alone, as DRF answered it (no current_password issue)', () => {
    expect(() => parseInput(profileUpdateSchema, { password: '' })).toThrow(
      expect.objectContaining({
        issues: [{ path: ['password'], code: 'REQUIRED', message: 'This field may not be blank.' }],
      }),
    );
  });

  it('a rename is stripped as at sign-up; a blank one is REQUIRED', () => {
    expect(parseInput(profileUpdateSchema, { username: ' \x1dAlicia\u2029' })).toEqual({
      username: 'Alicia',
    });
    expect(issuesOf(() => parseInput(profileUpdateSchema, { username: '\u00a0' }))).toEqual([
      { path: ['username'], code: 'REQUIRED' },
    ]);
  });
});

describe('loginSchema and refreshTokenSchema', () => {
  it('trims the login username, never the password', () => {
    expect(parseInput(loginSchema, { username: ' alice ', password: ' p ' })).toEqual({
      username: 'alice',
      password: ' p ',
    });
  });

  it('trims the login username with the set sign-up uses (Python’s), not trim()’s', () => {
    expect(parseInput(loginSchema, { username: '\x1calice\x85', password: 'p' }).username).toBe(
      'alice',
    );
    expect(parseInput(loginSchema, { username: '\ufeffalice', password: 'p' }).username).toBe(
      '\ufeffalice',
    );
  });

  it('refuses a blank username (after trimming) and an empty password as REQUIRED, as DRF', () => {
    expect(issuesOf(() => parseInput(loginSchema, { username: '   ', password: '' }))).toEqual([
      { path: ['username'], code: 'REQUIRED' },
      { path: ['password'], code: 'REQUIRED' },
    ]);
  });

  it('takes a password of spaces as sent: only the empty one is blank', () => {
    expect(parseInput(loginSchema, { username: 'alice', password: '  ' })).toEqual({
      username: 'alice',
      password: '  ',
    });
  });

  it('rejects unknown keys on refresh', () => {
    expect(issuesOf(() => parseInput(refreshTokenSchema, { refresh: 't', user_id: 3 }))).toEqual([
      { path: ['user_id'], code: 'UNKNOWN_FIELD' },
    ]);
  });
});

describe('userIdParamsSchema', () => {
  it('turns a decimal string into a number', () => {
    expect(parseInput(userIdParamsSchema, { id: '007' })).toEqual({ id: 7 });
  });

  it.each([
    ['5/../6'],
    ['-1'],
    ['1.5'],
    [Number.NaN],
    [-1],
    [0],
    [null],
    ['9007199254740993'],
    [''],
  ])('id %j → INVALID_ID', (id) => {
    expect(issuesOf(() => parseInput(userIdParamsSchema, { id }))).toEqual([
      { path: ['id'], code: 'INVALID_ID' },
    ]);
  });

  it('a missing id → REQUIRED', () => {
    expect(issuesOf(() => parseInput(userIdParamsSchema, {}))).toEqual([
      { path: ['id'], code: 'REQUIRED' },
    ]);
  });
});

describe('parseInputFields', () => {
  it('returns the parsed value when every field is valid', () => {
    expect(parseInputFields(signUpSchema, { username: ' bob ', password: 'p' })).toEqual({
      ok: true,
      value: { username: 'bob', password: 'p' },
    });
  });

  it('returns every issue and the fields that are valid on their own', () => {
    const parsed = parseInputFields(signUpSchema, {
      username: 'bad name!',
      email: ' a@example.test ',
      password: 'secret',
      is_staff: true,
    });
    expect(parsed).toEqual({
      ok: false,
      issues: [
        { path: ['username'], code: 'USERNAME_INVALID', message: expect.any(String) },
        { path: ['is_staff'], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
      ],
      validFields: { email: 'a@example.test', password: 'secret' },
    });
  });

  it('a body that is not an object has no valid field', () => {
    expect(parseInputFields(signUpSchema, ['x'])).toEqual({
      ok: false,
      issues: [{ path: [], code: 'INVALID_TYPE', message: 'Expected object.' }],
      validFields: {},
    });
  });
});

describe('parseInput', () => {
  it('throws only ValidationError, never a ZodError', () => {
    expect(() => parseInput(signUpSchema, undefined)).toThrow(ValidationError);
  });
});
