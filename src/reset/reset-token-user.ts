import type { UserRecord } from '../storage/storage.js';
import type { ResetTokenUser } from './django-reset-tokens.js';

/**
 * What a reset token of `user` is bound to: the row's id, hash, last login and email, as
 * Django's `_make_hash_value` reads them.
 * @internal
 */
export function resetTokenUser(user: UserRecord): ResetTokenUser {
  return {
    id: user.id,
    passwordHash: user.passwordHash,
    lastLogin: user.lastLogin,
    email: user.email,
  };
}
