import { describe, expect, it } from 'vitest';
import {
  AccountsError,
  AuthenticationError,
  ConfigurationError,
  ValidationError,
} from '../../../src/errors/errors.js';
import { isAccountsError } from '../../../src/errors/is-accounts-error.js';

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
  it('recognises accountkit errors', () => {
    expect(isAccountsError(new AuthenticationError('TOKEN_INVALID', 'x'))).toBe(true);
  });

  it('recognises an error of another installed copy by its code', () => {
    const foreign = Object.assign(new Error('x'), { code: 'USERNAME_TAKEN' });
    expect(isAccountsError(foreign)).toBe(true);
  });

  it('rejects Node errors with their own codes', () => {
    const nodeError = Object.assign(new Error('x'), { code: 'ECONNREFUSED' });
    expect(isAccountsError(nodeError)).toBe(false);
  });

  it('rejects non-errors that look alike', () => {
    expect(isAccountsError({ code: 'USERNAME_TAKEN' })).toBe(false);
  });
});
