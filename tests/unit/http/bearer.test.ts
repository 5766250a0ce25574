import { describe, expect, it } from 'vitest';
import { readBearerToken } from '../../../src/http/bearer.js';

describe('readBearerToken', () => {
  it('returns the token of a Bearer header', () => {
    expect(readBearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
  });

  it('treats a missing header as anonymous', () => {
    expect(readBearerToken(undefined)).toBeNull();
  });

  it('treats another scheme as anonymous, as Django REST Framework does', () => {
    expect(readBearerToken('Basic dXNlcjpwYXNz')).toBeNull();
  });

  it('treats a lower-case scheme as anonymous, as SimpleJWT does', () => {
    expect(readBearerToken('bearer abc')).toBeNull();
  });

  it('refuses a Bearer header without a token', () => {
    expect(() => readBearerToken('Bearer')).toThrow(
      expect.objectContaining({ code: 'TOKEN_INVALID' }),
    );
  });

  it('refuses a Bearer header with three parts', () => {
    expect(() => readBearerToken('Bearer a b')).toThrow(
      expect.objectContaining({ code: 'TOKEN_INVALID' }),
    );
  });
});
