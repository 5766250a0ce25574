import { describe, expect, it } from 'vitest';
import { serializeUser, serializeUserDetail } from '../../../src/core/user-serializer.js';
import { aUserRecord } from '../../support/user-record.js';

const now = new Date('2024-07-11T12:00:00Z');

describe('serializeUser', () => {
  it('outputs exactly the Django fields, in order, and nothing secret', () => {
    expect(serializeUser(aUserRecord({ followersCount: 10, followingCount: 7 }), { now })).toEqual({
      id: 2,
      username: 'alice',
      date_joined: '3\u00a0days, 2\u00a0hours ago',
      email: 'alice@example.test',
      profile_pic: '/media/images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg',
      following: 7,
      followers: 10,
      cover_image: '/media/images/cover/coverphoto.jpg',
    });
  });

  it('maps following to followingCount and followers to followersCount', () => {
    const view = serializeUser(aUserRecord({ followersCount: 1, followingCount: 9 }), { now });
    expect([view.following, view.followers]).toEqual([9, 1]);
  });

  it('shows a stored cover image instead of the default', () => {
    const user = aUserRecord({ coverImage: 'images/cover/alice_2/ab.png' });
    expect(serializeUser(user, { now }).cover_image).toBe('/media/images/cover/alice_2/ab.png');
  });

  it('shows null for a missing cover when the default is disabled', () => {
    const options = { now, media: { defaultCoverImage: null } };
    expect(serializeUser(aUserRecord(), options).cover_image).toBeNull();
  });

  it('builds absolute URLs from a media base URL', () => {
    const options = { now, media: { baseUrl: 'https://api.example/media/' } };
    expect(serializeUser(aUserRecord({ profilePic: null }), options)).toMatchObject({
      profile_pic: null,
      cover_image: 'https://api.example/media/images/cover/coverphoto.jpg',
    });
  });

  it('renders date_joined in the chosen style', () => {
    expect(serializeUser(aUserRecord(), { now, dateStyle: 'distance' }).date_joined).toBe(
      '3 days ago',
    );
  });

  it('never leaks record-only fields', () => {
    const json = JSON.stringify(serializeUser(aUserRecord(), { now }));
    expect(/pbkdf2|passwordHash|usernameKey|tokenVersion|isActive/.test(json)).toBe(false);
  });
});

describe('serializeUserDetail', () => {
  it('appends is_following last', () => {
    expect(Object.keys(serializeUserDetail(aUserRecord(), true, { now })).at(-1)).toBe(
      'is_following',
    );
  });
});
