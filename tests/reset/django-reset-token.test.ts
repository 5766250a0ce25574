import { describe, expect, it } from 'vitest';
import {
  createDjangoResetTokens,
  type ResetTokenUser,
} from '../../src/reset/django-reset-tokens.js';
import { saltedHmacHex } from '../../src/reset/salted-hmac.js';
import { decodeUid, encodeUid } from '../../src/reset/uidb64.js';
import vectors from '../fixtures/password_reset.json' with { type: 'json' };

type VectorUser = (typeof vectors.cases)[number]['user'];

/** Django's naive datetimes are UTC here (`USE_TZ = True`, `TIME_ZONE = 'UTC'`). */
const at = (naive: string) => new Date(`${naive.replace(' ', 'T')}Z`);

const user = (row: VectorUser): ResetTokenUser => ({
  id: row.pk,
  passwordHash: row.password,
  lastLogin: row.last_login === null ? null : at(row.last_login),
  email: row.email,
});

const tokens = createDjangoResetTokens({
  secret: vectors.settings.SECRET_KEY,
  timeoutSeconds: vectors.settings.PASSWORD_RESET_TIMEOUT,
});

describe("Django 3.2's reset tokens, byte for byte (password_reset.json)", () => {
  it('reads the settings the vectors were made with', () => {
    expect(vectors.django).toBe('3.2.25');
    expect(vectors.settings.DEFAULT_HASHING_ALGORITHM).toBe('sha256');
    expect(tokens.timeoutSeconds).toBe(259_200);
    expect(vectors.cases.map((row) => row.checks.length)).toEqual([13, 13, 13, 13]);
  });

  describe.each(vectors.cases)('user $user.pk', (row) => {
    it(`encodes the uid as ${row.uidb64} and reads it back`, () => {
      expect(encodeUid(row.user.pk)).toBe(row.uidb64);
      expect(decodeUid(row.uidb64)).toBe(row.user.pk);
    });

    it(`makes ${row.token} at ${row.made_at}`, () => {
      expect(tokens.make(user(row.user), at(row.made_at))).toBe(row.token);
    });

    it(`makes the SHA-1 variant ${row.legacy_sha1_token} from the same value`, () => {
      const { pk, password, last_login, email } = row.user;
      const timestamp = Number.parseInt(row.token.split('-')[0] as string, 36);
      const login = last_login === null ? '' : last_login.slice(0, 19);
      const hex = saltedHmacHex(
        'django.contrib.auth.tokens.PasswordResetTokenGenerator',
        vectors.settings.SECRET_KEY,
        'sha1',
      )(`${pk}${password}${login}${timestamp}${email}`);
      const half = [...hex].filter((_, index) => index % 2 === 0).join('');
      expect(`${timestamp.toString(36)}-${half}`).toBe(row.legacy_sha1_token);
    });

    it.each(row.checks)('$label ($token at $now): valid $valid', (check) => {
      const verdict = tokens.check(user(check.user), check.token, at(check.now));
      const expected = check.valid
        ? 'valid'
        : check.label === 'one second past PASSWORD_RESET_TIMEOUT'
          ? 'expired'
          : 'invalid';
      expect(verdict).toBe(expected);
    });
  });
});

describe('beyond the vectors, as Django 3.2', () => {
  const alice: ResetTokenUser = {
    id: 7,
    passwordHash: 'pbkdf2_sha256$260000$salt$hash=',
    lastLogin: new Date('2024-07-01T08:00:00.999Z'),
    email: 'alice@example.test',
  };
  const madeAt = new Date('2024-07-11T12:00:00Z');

  it('ignores fractions of a second of the last login and of the clock', () => {
    const token = tokens.make(alice, madeAt);
    const later = new Date('2024-07-11T12:00:00.999Z');
    expect(tokens.make({ ...alice, lastLogin: new Date('2024-07-01T08:00:00Z') }, later)).toBe(
      token,
    );
  });

  it('accepts a token dated in the future (another server clock ahead)', () => {
    const token = tokens.make(alice, new Date('2024-07-11T12:05:00Z'));
    expect(tokens.check(alice, token, madeAt)).toBe('valid');
  });

  it('honours another lifetime to the second', () => {
    const short = createDjangoResetTokens({
      secret: vectors.settings.SECRET_KEY,
      timeoutSeconds: 60,
    });
    const token = short.make(alice, madeAt);
    expect(short.check(alice, token, new Date('2024-07-11T12:01:00Z'))).toBe('valid');
    expect(short.check(alice, token, new Date('2024-07-11T12:01:01Z'))).toBe('expired');
  });

  it('refuses a token made with another secret', () => {
    const other = createDjangoResetTokens({ secret: 'another-secret-of-at-least-32-bytes!' });
    expect(tokens.check(alice, other.make(alice, madeAt), madeAt)).toBe('invalid');
  });

  it.each([
    ['', 'empty'],
    ['CA01C0-455c808a7ec04c249c948fcfc83e9203', 'upper-case timestamp'],
    ['0ca01c0-455c808a7ec04c249c948fcfc83e9203', 'leading zero'],
    ['ca01c0-455c-808a7ec04c249c948fcfc83e9203', 'two dashes'],
    [`ca01c0-${'0'.repeat(100_000)}`, 'a long tail'],
    ['zzzzzzzzzzzzzz-455c808a7ec04c249c948fcfc83e9203', 'over 13 base36 digits'],
  ])('refuses %j (%s)', (token) => {
    expect(tokens.check(alice, token, madeAt)).toBe('invalid');
  });

  it('accepts a day-stamped token of Django before 3.1 for three whole days after its day', () => {
    // Django 3.0 counted days since 2001 and signed with SHA-1; 3.2 dates such a token at the
    // current time of day on its day.
    const days = 8592; // 2024-07-11
    expect(new Date(Date.UTC(2001, 0, 1) + days * 86_400_000).toISOString()).toBe(
      '2024-07-11T00:00:00.000Z',
    );
    const value = `7${alice.passwordHash}2024-07-01 08:00:00${days}${alice.email}`;
    const hex = saltedHmacHex(
      'django.contrib.auth.tokens.PasswordResetTokenGenerator',
      vectors.settings.SECRET_KEY,
      'sha1',
    )(value);
    const token = `${days.toString(36)}-${[...hex].filter((_, i) => i % 2 === 0).join('')}`;
    expect(token.split('-')[0]).toBe('6mo');
    expect(tokens.check(alice, token, new Date('2024-07-11T00:00:00Z'))).toBe('valid');
    expect(tokens.check(alice, token, new Date('2024-07-14T23:59:59Z'))).toBe('valid');
    expect(tokens.check(alice, token, new Date('2024-07-15T00:00:00Z'))).toBe('expired');
  });

  it('refuses uids that are not the one spelling of a positive id', () => {
    expect(encodeUid(4775)).toBe('NDc3NQ');
    for (const uid of ['', 'MQ==', 'MDE', 'MA', 'LTE', 'Mw!', 'MQ ', 'A'.repeat(25), 'YWJj']) {
      expect(decodeUid(uid)).toBeNull();
    }
    expect(decodeUid(encodeUid(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('createDjangoResetTokens options', () => {
  it('refuses a short secret and an unusable lifetime, naming both', () => {
    expect(() => createDjangoResetTokens({ secret: 'short', timeoutSeconds: 0 })).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_ERROR',
        problems: [
          'secret must be a string of at least 32 UTF-8 bytes',
          'timeoutSeconds must be a whole number from 1 to 315360000',
        ],
      }),
    );
  });
});
