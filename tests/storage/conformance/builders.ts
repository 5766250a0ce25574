import { usernameKey } from '../../../src/core/username.js';
import type {
  NewRefreshToken,
  NewUser,
  RotatedRefreshToken,
  UserRecord,
} from '../../../src/storage/storage.js';
import type { StorageDump } from './harness.js';

export const JOINED = new Date('2024-07-11T12:00:00.123Z');
export const NOW = new Date('2024-07-12T08:30:00.456Z');

/** A valid new user; the key follows the username unless given. */
export function aUser(overrides: Partial<NewUser> & { username?: string } = {}): NewUser {
  const username = overrides.username ?? 'alice';
  return {
    username,
    usernameKey: usernameKey(username),
    email: `${username.toLowerCase()}@example.test`,
    passwordHash: 'pbkdf2_sha256$260000$salt$hash=',
    dateJoined: JOINED,
    ...overrides,
  };
}

/** The record storage must return for a fresh insert of `input` with id `id`. */
export function expectedUser(id: number, input: NewUser): UserRecord {
  return {
    id,
    username: input.username,
    usernameKey: input.usernameKey,
    email: input.email,
    passwordHash: input.passwordHash,
    isActive: input.isActive ?? true,
    dateJoined: input.dateJoined,
    profilePic: input.profilePic ?? null,
    coverImage: input.coverImage ?? null,
    followersCount: 0,
    followingCount: 0,
    tokenVersion: 0,
    lastLogin: null,
  };
}

/** A refresh-token record of `userId`. */
export function aToken(userId: number, jti: string, family = 'family-1'): NewRefreshToken {
  return {
    jti,
    familyId: family,
    userId,
    parentJti: null,
    issuedAt: new Date('2024-07-12T08:00:00.000Z'),
    expiresAt: new Date('2024-07-13T08:00:00.000Z'),
    sessionBeganAt: new Date('2024-07-12T08:00:00.000Z'),
    userAgent: null,
    address: null,
  };
}

/** The child of a rotation: a token of `userId` in `family`, issued at {@link NOW}. */
export function aChild(userId: number, jti: string, family = 'family-1'): RotatedRefreshToken {
  return {
    jti,
    familyId: family,
    userId,
    issuedAt: NOW,
    expiresAt: new Date('2024-07-13T08:30:00.456Z'),
    userAgent: null,
    address: null,
  };
}

/** Every counter that disagrees with a COUNT of the edge rows, as readable strings. */
export function counterDrift(dump: StorageDump): string[] {
  const drift: string[] = [];
  for (const user of dump.users) {
    const id = user.id;
    const followers = dump.follows.filter((edge) => edge.to_user_id === id).length;
    const following = dump.follows.filter((edge) => edge.from_user_id === id).length;
    if (user.followers_count !== followers) {
      drift.push(`user ${id}: followers ${user.followers_count} != ${followers}`);
    }
    if (user.following_count !== following) {
      drift.push(`user ${id}: following ${user.following_count} != ${following}`);
    }
  }
  return drift;
}
