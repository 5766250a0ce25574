import { describe, expect, it, vi } from 'vitest';
import { ACCOUNTS_ERROR_CODES, type AccountsErrorCode } from '../../../src/errors/codes.js';
import {
  AccountsError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  NotFoundError,
  RateLimitError,
  StorageError,
  ValidationError,
} from '../../../src/errors/errors.js';
import { isAccountsError, isAccountsErrorCode } from '../../../src/errors/is-accounts-error.js';

describe('AccountsError', () => {
  it('names the error after its class', () => {
    expect(new AuthenticationError('TOKEN_EXPIRED', 'Expired.').name).toBe('AuthenticationError');
  });

  it('keeps the wrapped cause', () => {
    const cause = new Error('driver');
    expect(new AccountsError('STORAGE_UNAVAILABLE', 'Down.', { cause }).cause).toBe(cause);
  });

  it('is an Error with a stack', () => {
    const error = new AccountsError('INTERNAL', 'x');
    expect([error instanceof Error, typeof error.stack]).toEqual([true, 'string']);
  });

  it('carries every validation issue', () => {
    const issues = [{ path: ['password'], code: 'PASSWORD_TOO_SHORT', message: 'Short.' }] as const;
    expect(new ValidationError(issues).issues).toEqual(issues);
  });

  it('lists every configuration problem in the message', () => {
    expect(new ConfigurationError(['a is bad', 'b is bad']).message).toBe(
      'Invalid configuration: a is bad; b is bad',
    );
  });
});

describe('isAccountsError', () => {
  it('recognises an error of every accountkit class', () => {
    const errors = [
      new AccountsError('INTERNAL', 'x'),
      new ValidationError([]),
      new AuthenticationError('TOKEN_INVALID', 'x'),
      new ConflictError('USERNAME_TAKEN', 'x'),
      new NotFoundError('USER_NOT_FOUND', 'x'),
      new RateLimitError(5),
      new StorageError('STORAGE_UNAVAILABLE', 'x'),
      new ConfigurationError(['x']),
    ];
    expect(errors.map(isAccountsError)).toEqual(errors.map(() => true));
  });

  it('recognises an error thrown by another copy of the package, where instanceof fails', async () => {
    vi.resetModules();
    const copy = await import('../../../src/errors/errors.js');
    const foreign = new copy.ConflictError('USERNAME_TAKEN', 'Taken.');
    expect([
      copy.ConflictError === ConflictError,
      foreign instanceof AccountsError,
      isAccountsError(foreign),
    ]).toEqual([false, false, true]);
  });

  it('recognises an object carrying the brand and a known code, as another copy builds it', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('accountkit.error')]: true,
      code: 'USERNAME_TAKEN',
    });
    expect(isAccountsError(foreign)).toBe(true);
  });

  it.each([
    ['an Error with a generic code', Object.assign(new Error('x'), { code: 'NOT_FOUND' })],
    ['an Error with an accountkit code', Object.assign(new Error('x'), { code: 'USERNAME_TAKEN' })],
    ['a look-alike by name and code', { code: 'USERNAME_TAKEN', name: 'ConflictError' }],
    [
      'a look-alike Error subclass',
      Object.assign(new (class ConflictError extends Error {})('x'), { code: 'USERNAME_TAKEN' }),
    ],
    ['a Node error', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
    [
      'the brand with an unknown code',
      Object.assign(new Error('x'), { [Symbol.for('accountkit.error')]: true, code: 'NOPE' }),
    ],
    [
      'the brand set to something other than true',
      Object.assign(new Error('x'), { [Symbol.for('accountkit.error')]: 1, code: 'INTERNAL' }),
    ],
    [
      'an accountkit class given an unknown code',
      new AccountsError('NOPE' as unknown as AccountsErrorCode, 'x'),
    ],
    ['a plain Error', new Error('x')],
    ['a string', 'USERNAME_TAKEN'],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s', (_name, value) => {
    expect(isAccountsError(value)).toBe(false);
  });

  it('answers false, without throwing, for a value whose property reads throw', () => {
    const hostile = new Proxy(new Error('x'), {
      get() {
        throw new Error('no reads');
      },
    });
    expect(isAccountsError(hostile)).toBe(false);
  });

  it('keeps the brand out of own keys and JSON', () => {
    const error = new ConflictError('USERNAME_TAKEN', 'Taken.');
    expect([Object.getOwnPropertySymbols(error), JSON.stringify(error)]).toEqual([
      [],
      '{"code":"USERNAME_TAKEN","name":"ConflictError"}',
    ]);
  });
});

describe('isAccountsErrorCode', () => {
  it('accepts every documented code and nothing else', () => {
    expect(ACCOUNTS_ERROR_CODES.every(isAccountsErrorCode)).toBe(true);
    expect([undefined, 'ECONNREFUSED', 'not_found', 42].map(isAccountsErrorCode)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
