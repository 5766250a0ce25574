import { describe, expect, it } from 'vitest';
import { buildCustomClaims, buildUserClaims } from '../../../src/core/token-claims.js';
import { aUserRecord } from '../../support/user-record.js';

describe('buildCustomClaims', () => {
  it('gives { username, profile_pic } in that order, with a relative media URL', () => {
    expect(Object.entries(buildCustomClaims(aUserRecord()))).toEqual([
      ['username', 'alice'],
      ['profile_pic', '/media/images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg'],
    ]);
  });

  it('gives an empty profile_pic when the user has none', () => {
    expect(buildCustomClaims(aUserRecord({ profilePic: null }))).toEqual({
      username: 'alice',
      profile_pic: '',
    });
  });

  it('renames the username claim (the public original used user_name)', () => {
    expect(Object.keys(buildCustomClaims(aUserRecord(), { usernameClaim: 'user_name' }))).toEqual([
      'user_name',
      'profile_pic',
    ]);
  });

  it('reads the current name, so a renamed user gets the new one', () => {
    expect(buildCustomClaims(aUserRecord({ username: 'alicia' })).username).toBe('alicia');
  });

  it('uses a configured media base URL', () => {
    expect(
      buildCustomClaims(aUserRecord(), { mediaBaseUrl: 'https://cdn.example/m/' }).profile_pic,
    ).toBe('https://cdn.example/m/images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg');
  });

  it.each(['user_id', 'token_type', 'exp', 'profile_pic'])(
    'refuses %s as the username claim',
    (usernameClaim) => {
      expect(() => buildCustomClaims(aUserRecord(), { usernameClaim })).toThrow(TypeError);
    },
  );

  it('never carries the hash, key, version or active flag', () => {
    expect(Object.keys(buildUserClaims(aUserRecord()))).toEqual([
      'user_id',
      'username',
      'profile_pic',
    ]);
  });
});

describe('buildUserClaims', () => {
  it('puts user_id first, as SimpleJWT', () => {
    expect(buildUserClaims(aUserRecord({ profilePic: null }))).toEqual({
      user_id: 2,
      username: 'alice',
      profile_pic: '',
    });
  });
});
