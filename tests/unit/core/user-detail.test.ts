import { describe, expect, it } from 'vitest';
import { planUserDetail, resolveUserDetail } from '../../../src/core/user-detail.js';
import { serializeUser } from '../../../src/core/user-serializer.js';
import { ValidationError } from '../../../src/errors/errors.js';
import { aUserRecord } from '../../support/user-record.js';

const now = new Date('2024-07-11T12:00:00Z');
const celebrity = aUserRecord({ id: 1, username: 'celebrity', usernameKey: 'celebrity' });
const alice = aUserRecord();
const byId = (id: number) => ({ kind: 'user' as const, id });

describe('planUserDetail', () => {
  it('asks for the user and the follow edge in one query', () => {
    expect(planUserDetail({ target: byId(1), viewerId: 2 })).toEqual({
      userId: 1,
      follow: { followerId: 2, followeeId: 1 },
    });
  });

  it('skips the follow edge for one’s own id', () => {
    expect(planUserDetail({ target: byId(2), viewerId: 2 })).toEqual({ userId: 2, follow: null });
  });

  it('skips the follow edge for an anonymous viewer', () => {
    expect(planUserDetail({ target: byId(1), viewerId: null })).toEqual({
      userId: 1,
      follow: null,
    });
  });

  it('loads the viewer for "me"', () => {
    expect(planUserDetail({ target: { kind: 'me' }, viewerId: 2 })).toEqual({
      userId: 2,
      follow: null,
    });
  });

  it('F-06 refuses a non-integer id with INVALID_ID', () => {
    expect(() => planUserDetail({ target: byId(Number.NaN), viewerId: 2 })).toThrow(
      ValidationError,
    );
  });
});

describe('resolveUserDetail', () => {
  it('"me" has no is_following, as in Django', () => {
    const result = resolveUserDetail(
      { target: { kind: 'me' }, viewerId: 2 },
      { user: alice },
      { now },
    );
    expect(result).toEqual({ ok: true, user: serializeUser(alice, { now }) });
  });

  it('E-06 is_following is the follow answer', () => {
    const result = resolveUserDetail(
      { target: byId(1), viewerId: 2 },
      { user: celebrity, isFollowing: true },
      { now },
    );
    expect(result).toEqual({
      ok: true,
      user: { ...serializeUser(celebrity, { now }), is_following: true },
    });
  });

  it('E-06 is_following is false for one’s own id', () => {
    const result = resolveUserDetail({ target: byId(2), viewerId: 2 }, { user: alice }, { now });
    expect(result.ok && 'is_following' in result.user && result.user.is_following).toBe(false);
  });

  it('E-06 an anonymous viewer gets is_following false, never a crash', () => {
    const result = resolveUserDetail(
      { target: byId(1), viewerId: null },
      { user: celebrity },
      { now },
    );
    expect(result).toEqual({
      ok: true,
      user: { ...serializeUser(celebrity, { now }), is_following: false },
    });
  });

  it('an anonymous "me" is NOT_AUTHENTICATED', () => {
    expect(
      resolveUserDetail({ target: { kind: 'me' }, viewerId: null }, { user: null }, { now }),
    ).toEqual({ ok: false, code: 'NOT_AUTHENTICATED' });
  });

  it('E-06 a missing id is USER_NOT_FOUND', () => {
    expect(
      resolveUserDetail(
        { target: byId(99), viewerId: 2 },
        { user: null, isFollowing: false },
        { now },
      ),
    ).toEqual({ ok: false, code: 'USER_NOT_FOUND' });
  });

  it('an inactive target is USER_NOT_FOUND', () => {
    const sleeper = aUserRecord({ id: 6, isActive: false });
    expect(
      resolveUserDetail(
        { target: byId(6), viewerId: 2 },
        { user: sleeper, isFollowing: true },
        { now },
      ),
    ).toEqual({ ok: false, code: 'USER_NOT_FOUND' });
  });

  it('an inactive viewer asking for "me" is USER_INACTIVE', () => {
    const inactive = aUserRecord({ isActive: false });
    expect(
      resolveUserDetail({ target: { kind: 'me' }, viewerId: 2 }, { user: inactive }, { now }),
    ).toEqual({ ok: false, code: 'USER_INACTIVE' });
  });

  it('throws TypeError when the follow query was not answered', () => {
    expect(() =>
      resolveUserDetail({ target: byId(1), viewerId: 2 }, { user: celebrity }, { now }),
    ).toThrow(TypeError);
  });

  it('throws TypeError when another user was loaded', () => {
    expect(() =>
      resolveUserDetail(
        { target: byId(1), viewerId: 2 },
        { user: alice, isFollowing: false },
        { now },
      ),
    ).toThrow(TypeError);
  });
});
