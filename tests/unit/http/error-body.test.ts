import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  RateLimitError,
  StorageError,
  ValidationError,
} from '../../../src/errors/errors.js';
import { toErrorResponse } from '../../../src/http/error-body.js';

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

describe('toErrorResponse', () => {
  it('renders an accountkit error as { code, message } with its status', () => {
    const response = toErrorResponse(new ConflictError('USERNAME_TAKEN', 'Username is taken.'));
    expect(response).toEqual({
      status: 409,
      headers: JSON_TYPE,
      body: { code: 'USERNAME_TAKEN', message: 'Username is taken.' },
      expected: true,
    });
  });

  it('groups validation issues by field path', () => {
    const error = new ValidationError([
      { path: ['password'], code: 'PASSWORD_TOO_SHORT', message: 'Too short.' },
      { path: ['password'], code: 'PASSWORD_TOO_COMMON', message: 'Too common.' },
      { path: [], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
    ]);
    expect(toErrorResponse(error).body).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Too short.',
      fields: {
        password: [
          { code: 'PASSWORD_TOO_SHORT', message: 'Too short.' },
          { code: 'PASSWORD_TOO_COMMON', message: 'Too common.' },
        ],
        _: [{ code: 'UNKNOWN_FIELD', message: 'Unknown field.' }],
      },
    });
  });

  it('H-01: challenges with WWW-Authenticate: Bearer when no credentials were sent', () => {
    const response = toErrorResponse(new AuthenticationError('NOT_AUTHENTICATED', 'Log in.'));
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  it('names invalid_token in the challenge when a token was refused', () => {
    const response = toErrorResponse(new AuthenticationError('TOKEN_EXPIRED', 'Expired.'), {
      realm: 'accounts',
    });
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="accounts", error="invalid_token"',
    );
  });

  it('sends Retry-After with 429', () => {
    const response = toErrorResponse(new RateLimitError(42));
    expect([response.status, response.headers['retry-after']]).toEqual([429, '42']);
  });

  it('H-08: hides everything about an unexpected error', () => {
    const error = new Error('SQLITE_ERROR: near "SELECT": syntax error; hash pbkdf2_sha256$1$x$y');
    expect(toErrorResponse(error)).toEqual({
      status: 500,
      headers: JSON_TYPE,
      body: { code: 'INTERNAL', message: 'Internal server error.' },
      expected: false,
    });
  });

  it('keeps the driver message of a storage failure out of the body', () => {
    const error = new StorageError('STORAGE_UNAVAILABLE', 'Storage is unavailable.', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:5432'),
    });
    expect(toErrorResponse(error).body).toEqual({
      code: 'STORAGE_UNAVAILABLE',
      message: 'Storage is unavailable.',
    });
  });

  it('treats a configuration error reaching a request as internal', () => {
    expect(toErrorResponse(new ConfigurationError(['bad'])).body).toEqual({
      code: 'INTERNAL',
      message: 'Internal server error.',
    });
  });
});

describe('toErrorResponse in the Django REST Framework style', () => {
  const drf = { style: 'drf' } as const;

  it('renders login failures as SimpleJWT did', () => {
    const error = new AuthenticationError('INVALID_CREDENTIALS', 'Invalid credentials.');
    expect(toErrorResponse(error, drf).body).toEqual({
      detail: 'No active account found with the given credentials',
    });
  });

  it('renders refused tokens with code token_not_valid', () => {
    const error = new AuthenticationError('TOKEN_REUSED', 'Reused.');
    expect(toErrorResponse(error, drf).body).toEqual({
      detail: 'Token is blacklisted',
      code: 'token_not_valid',
    });
  });

  it('renders validation issues as per-field message lists', () => {
    const error = new ValidationError([
      { path: ['username'], code: 'USERNAME_INVALID', message: 'Enter a valid username.' },
      { path: ['password'], code: 'REQUIRED', message: 'This field is required.' },
    ]);
    expect(toErrorResponse(error, drf).body).toEqual({
      username: ['Enter a valid username.'],
      password: ['This field is required.'],
    });
  });

  it('renders a taken username under the username field', () => {
    const error = new ConflictError('USERNAME_TAKEN', 'A user with that username already exists.');
    expect(toErrorResponse(error, drf).body).toEqual({
      username: ['A user with that username already exists.'],
    });
  });
});

describe('toErrorResponse with hostile field names', () => {
  it('keeps an issue on a field named __proto__ as a field of the body', () => {
    const error = new ValidationError([
      { path: ['__proto__'], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
    ]);
    expect(JSON.stringify(toErrorResponse(error).body)).toBe(
      '{"code":"VALIDATION_FAILED","message":"Unknown field.","fields":{"__proto__":[{"code":"UNKNOWN_FIELD","message":"Unknown field."}]}}',
    );
  });
});
