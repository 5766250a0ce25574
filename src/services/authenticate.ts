import { AuthenticationError } from '../errors/errors.js';
import type { UserRecord } from '../storage/storage.js';
import type { VerifiedToken } from '../tokens/token-service.js';
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
  const { token, user } = await authenticatedUser(deps, accessToken, deps.clock.now());
  return {
    userId: user.id,
    username: user.username,
    sessionId: token.familyId,
    tokenId: token.jti,
    issuedAt: token.issuedAt,
    expiresAt: token.expiresAt,
  };
}

/**
 * The checks of {@link authenticate} at `now`, with the verified token and the user row they
 * read, for a use case that shows that row.
 * @throws AuthenticationError as {@link authenticate}.
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export async function authenticatedUser(
  deps: AccountsDeps,
  accessToken: unknown,
  now: Date,
): Promise<{ token: VerifiedToken; user: UserRecord }> {
  const token = await verifiedAccessToken(deps, accessToken, now);
  return { token, user: await loadTokenUser(deps.storage, token) };
}

/**
 * The signature, type and time checks of {@link authenticate}, before the user row is read.
 * @throws AuthenticationError `TOKEN_INVALID` or `TOKEN_EXPIRED`.
 * @internal
 */
export function verifiedAccessToken(
  deps: AccountsDeps,
  accessToken: unknown,
  now: Date,
): Promise<VerifiedToken> {
  if (typeof accessToken !== 'string') {
    return Promise.reject(new AuthenticationError('TOKEN_INVALID', 'Token is invalid.'));
  }
  return deps.tokens.verify(accessToken, 'access', now);
}
