import type { UserRecord } from '../../src/storage/storage.js';

/** A complete user record; override what a test is about. */
export function aUserRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 2,
    username: 'alice',
    usernameKey: 'alice',
    email: 'alice@example.test',
    passwordHash: 'pbkdf2_sha256$260000$salt$hash',
    isActive: true,
    dateJoined: new Date('2024-07-08T10:00:00Z'),
    profilePic: 'images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg',
    coverImage: null,
    followersCount: 2,
    followingCount: 2,
    tokenVersion: 0,
    lastLogin: null,
    ...overrides,
  };
}
