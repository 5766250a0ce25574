import { AuthenticationError } from '../errors/errors.js';
import type { StorageTransaction, UserRecord } from '../storage/storage.js';
import type { VerifiedToken } from '../tokens/token-service.js';

/**
 * Tokens issued by SimpleJWT carry no version; they are honoured only while the user's version
 * is still the initial one, so the first password change or "log out everywhere" ends them too.
 */
const INITIAL_TOKEN_VERSION = 0;

/**
 * The user a verified token speaks for, if that user may still act: exists (`TOKEN_INVALID`,
 * never a 500, when deleted), is active (`USER_INACTIVE`), and the token is not older than the
 * user's last password change or "log out everywhere" (`TOKEN_REVOKED`).
 * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE` or `TOKEN_REVOKED`.
 * @internal
 */
export async function loadTokenUser(
  store: StorageTransaction,
  token: VerifiedToken,
): Promise<UserRecord> {
  return tokenUser(await store.users.findById(token.userId), token);
}

/**
 * The checks of {@link loadTokenUser} on the row already read for the token's user (`null`
 * when there is none).
 * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE` or `TOKEN_REVOKED`.
 * @internal
 */
export function tokenUser(user: UserRecord | null, token: VerifiedToken): UserRecord {
  if (user === null) throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
  if (!user.isActive) throw new AuthenticationError('USER_INACTIVE', 'User is inactive.');
  if ((token.tokenVersion ?? INITIAL_TOKEN_VERSION) !== user.tokenVersion) {
    throw new AuthenticationError('TOKEN_REVOKED', 'Token has been revoked.');
  }
  return user;
}

/**
 * The acting user of a protected operation, by the id the caller authenticated: gone means the
 * caller's token is no longer good (`TOKEN_INVALID`), inactive means `USER_INACTIVE`.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE`.
 * @internal
 */
export async function loadActor(store: StorageTransaction, userId: number): Promise<UserRecord> {
  const user = await store.users.findById(userId);
  if (user === null) throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
  if (!user.isActive) throw new AuthenticationError('USER_INACTIVE', 'User is inactive.');
  return user;
}
