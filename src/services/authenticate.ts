import { AuthenticationError } from '../errors/errors.js';
import type { AccountsDeps } from './deps.js';
import type { Session } from './results.js';
import { loadTokenUser } from './session.js';

/**
 * Check an access token and the user behind it: signature, type and times, then that the user
 * exists (`TOKEN_INVALID` when deleted, never a 500), is active, and has not changed password
 * or logged out everywhere since the token was issued. Tokens issued by SimpleJWT are accepted
 * during a configured cut-over.
 *
 * @throws AuthenticationError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `USER_INACTIVE` or `TOKEN_REVOKED`.
 * @throws StorageError `STORAGE_UNAVAILABLE` when the user cannot be read (fails closed).
 * @internal
 */
export async function authenticate(deps: AccountsDeps, accessToken: unknown): Promise<Session> {
  if (typeof accessToken !== 'string') {
    throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
  }
  const now = deps.clock.now();
  const token = await deps.tokens.verify(accessToken, 'access', now);
  const user = await loadTokenUser(deps.storage, token);
  return {
    userId: user.id,
    username: user.username,
    sessionId: token.familyId,
    tokenId: token.jti,
    issuedAt: token.issuedAt,
    expiresAt: token.expiresAt,
  };
}
