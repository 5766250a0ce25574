import type { UserRecord } from '../storage/storage.js';
import type { ResetTokenUser } from './django-reset-tokens.js';

/**
 * What a reset token of `user` is bound to. Storage records no last login yet, so it counts as
 * never: a token then survives a login, and a link Django made for a user who had logged in
 * does not check.
 * @internal
 */
export function resetTokenUser(user: UserRecord): ResetTokenUser {
  return { id: user.id, passwordHash: user.passwordHash, lastLogin: null, email: user.email };
}
