import type { Selectable, Updateable } from 'kysely';
import { usernameKey } from '../../core/username.js';
import type { NewUser, RefreshTokenRecord, UserPatch, UserRecord } from '../storage.js';
import type { DialectOps } from './dialects/dialect-ops.js';
import type { RefreshTokenTable, UserInsert, UserTable } from './tables.js';

/**
 * The only place that knows both shapes: snake_case Django columns and camelCase records.
 * Numbers come back from `pg` as strings (bigint) and booleans from SQLite/MySQL as 0/1.
 */

/** The user columns accountkit reads (Django's others are left alone). @internal */
export const USER_COLUMNS = [
  'id',
  'username',
  'username_key',
  'email',
  'password',
  'is_active',
  'date_joined',
  'profile_pic',
  'cover_image',
  'followers_count',
  'following_count',
  'token_version',
  'last_login',
] as const;

/** The user columns as read. @internal */
export type UserRow = Pick<Selectable<UserTable>, (typeof USER_COLUMNS)[number]>;

/** Django stores an empty FileField as `''`; a record says `null`. */
const path = (value: string | null): string | null => (value === '' ? null : value);

/** A user row as a record. @internal */
export function toUserRecord(row: UserRow, ops: DialectOps): UserRecord {
  return {
    id: Number(row.id),
    username: row.username,
    // NULL only in Django's table, for a non-ASCII name Django wrote that accountkit has not
    // keyed yet (see keyUnkeyedUsers).
    usernameKey: (row.username_key as string | null) ?? usernameKey(row.username),
    email: row.email,
    passwordHash: row.password,
    isActive: Boolean(Number(row.is_active)),
    dateJoined: ops.fromDbDate(row.date_joined),
    profilePic: path(row.profile_pic),
    coverImage: path(row.cover_image),
    followersCount: Number(row.followers_count),
    followingCount: Number(row.following_count),
    tokenVersion: Number(row.token_version),
    lastLogin: row.last_login === null ? null : ops.fromDbDate(row.last_login),
  };
}

/**
 * A new user as a row. Django's own columns without a database default (`is_staff`,
 * `first_name` ...) are given Django's defaults, so inserting into Django's table works.
 *
 * @internal
 */
export function toUserInsert(user: NewUser, ops: DialectOps): UserInsert {
  return {
    password: user.passwordHash,
    last_login: null,
    is_superuser: 0,
    username: user.username,
    first_name: '',
    last_name: '',
    email: user.email,
    is_staff: 0,
    is_active: (user.isActive ?? true) ? 1 : 0,
    date_joined: ops.toDbDate(user.dateJoined),
    profile_pic: user.profilePic ?? null,
    cover_image: user.coverImage ?? null,
    username_key: user.usernameKey,
    followers_count: 0,
    following_count: 0,
    token_version: 0,
  };
}

/** The columns a patch changes; `undefined` fields are left out. @internal */
export function toUserUpdate(patch: UserPatch): Updateable<UserTable> {
  const row: Updateable<UserTable> = {};
  if (patch.username !== undefined) row.username = patch.username;
  if (patch.usernameKey !== undefined) row.username_key = patch.usernameKey;
  if (patch.email !== undefined) row.email = patch.email;
  if (patch.passwordHash !== undefined) row.password = patch.passwordHash;
  if (patch.isActive !== undefined) row.is_active = patch.isActive ? 1 : 0;
  if (patch.profilePic !== undefined) row.profile_pic = patch.profilePic;
  if (patch.coverImage !== undefined) row.cover_image = patch.coverImage;
  return row;
}

/** A refresh-token row as a record. @internal */
export function toTokenRecord(
  row: Selectable<RefreshTokenTable>,
  ops: DialectOps,
): RefreshTokenRecord {
  const instant = (value: unknown) => (value === null ? null : ops.fromDbDate(value));
  return {
    jti: row.jti,
    familyId: row.family_id,
    userId: Number(row.user_id),
    parentJti: row.parent_jti,
    issuedAt: ops.fromDbDate(row.issued_at),
    expiresAt: ops.fromDbDate(row.expires_at),
    usedAt: instant(row.used_at),
    revokedAt: instant(row.revoked_at),
    sessionBeganAt: ops.fromDbDate(row.session_began_at ?? row.issued_at),
    userAgent: row.user_agent,
    address: row.address,
  };
}
