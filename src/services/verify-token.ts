import { parseInput } from '../core/input-schemas.js';
import { AuthenticationError } from '../errors/errors.js';
import type { TokenType, VerifiedToken } from '../tokens/token-service.js';
import type { AccountsDeps } from './deps.js';
import { verifyTokenSchema } from './inputs.js';
import { loadTokenUser } from './session.js';

/** What a successful check says about a token. */
export interface TokenStatus {
  readonly tokenType: TokenType;
  readonly userId: number;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Say whether a token of either type would be accepted now, without using it: signature,
 * times, user active, token version current and, for refresh tokens, not consumed or revoked.
 * Read-only: checking a consumed refresh token does not count as reuse.
 *
 * @throws ValidationError `VALIDATION_FAILED` when the body is not `{ token: string }`.
 * @throws AuthenticationError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_REVOKED` (also for a
 *   consumed refresh token) or `USER_INACTIVE`.
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export async function verifyToken(deps: AccountsDeps, input: unknown): Promise<TokenStatus> {
  const { token: raw } = parseInput(verifyTokenSchema, input);
  const now = deps.clock.now();
  const token = await verifyEitherType(deps, raw, now);
  await loadTokenUser(deps.storage, token);
  if (token.tokenType === 'refresh') {
    const record = await deps.storage.refreshTokens.find(token.jti);
    // SimpleJWT tokens have a record only once exchanged or logged out.
    if (record === null && !token.legacy) {
      throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
    }
    if (record !== null && (record.revokedAt !== null || record.usedAt !== null)) {
      throw new AuthenticationError('TOKEN_REVOKED', 'Token has been revoked.');
    }
  }
  return { tokenType: token.tokenType, userId: token.userId, expiresAt: token.expiresAt };
}

async function verifyEitherType(
  deps: AccountsDeps,
  raw: string,
  now: Date,
): Promise<VerifiedToken> {
  try {
    return await deps.tokens.verify(raw, 'access', now);
  } catch (error) {
    if (!(error instanceof AuthenticationError) || error.code !== 'TOKEN_INVALID') throw error;
    return deps.tokens.verify(raw, 'refresh', now);
  }
}
