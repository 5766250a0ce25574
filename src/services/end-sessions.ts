import type { StorageTransaction } from '../storage/storage.js';

/**
 * End every session of a user inside the caller's transaction: the token version goes up, so
 * every access token issued before is refused, and every refresh token is revoked. The one
 * definition shared by a password change, a password reset and "log out everywhere". Returns
 * the new token version, or `null` when the user is gone (nothing was written then).
 * @internal
 */
export async function endAllSessions(
  tx: StorageTransaction,
  userId: number,
  now: Date,
): Promise<number | null> {
  const tokenVersion = await tx.users.incrementTokenVersion(userId);
  if (tokenVersion === null) return null;
  await tx.refreshTokens.revokeAllForUser(userId, now);
  return tokenVersion;
}
