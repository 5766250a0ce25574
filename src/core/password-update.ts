/**
 * Decides what a validated profile update changes. Hashing, storing and re-issuing tokens are
 * the caller's: this module only says what to do.
 */
import type { UserPatch, UserRecord } from '../storage/storage.js';
import type { ProfileUpdateInput } from './input-schemas.js';
import { usernameKey } from './username.js';

/** The fields a plan may change directly; a new password goes through the hasher first. */
export type ProfileChanges = Omit<UserPatch, 'passwordHash'>;

/** What a profile update does. */
export interface ProfileUpdatePlan {
  /** Fields whose value differs from the stored one; empty when nothing changes. */
  readonly changes: ProfileChanges;
  /**
   * The new password to hash and store, or `null`. When set, the caller verifies
   * `current_password` first, then stores the hash, bumps the token version, revokes every
   * refresh token of the user and issues a fresh pair for this client (the JWT form of
   * Django's `update_session_auth_hash`).
   */
  readonly newPassword: string | null;
  /**
   * The display name changes (also a case-only change, whose key stays the same). Token
   * claims carry the name, so the caller issues a fresh pair.
   */
  readonly usernameChanged: boolean;
}

/**
 * Plan a profile update from the current user and a patch parsed by `profileUpdateSchema`.
 * Unchanged values are left out, so an empty `changes` needs no write. A rename sets both
 * `username` and `usernameKey`; a rename to a key taken by someone else is found by storage
 * (`USERNAME_TAKEN`), not here.
 *
 * @example
 * ```ts
 * planProfileUpdate(alice, { username: 'Alice', password: 'n3w-secret', current_password: 'old' });
 * // { changes: { username: 'Alice', usernameKey: 'alice' }, newPassword: 'n3w-secret',
 * //   usernameChanged: true }
 * ```
 */
export function planProfileUpdate(
  user: Pick<UserRecord, 'username' | 'email'>,
  patch: ProfileUpdateInput,
): ProfileUpdatePlan {
  const usernameChanged = patch.username !== undefined && patch.username !== user.username;
  const changes: { -readonly [K in keyof ProfileChanges]: ProfileChanges[K] } = {};
  if (usernameChanged && patch.username !== undefined) {
    changes.username = patch.username;
    changes.usernameKey = usernameKey(patch.username);
  }
  if (patch.email !== undefined && patch.email !== user.email) changes.email = patch.email;
  return { changes, newPassword: patch.password ?? null, usernameChanged };
}
