import { parseInput, refreshTokenSchema } from '../core/input-schemas.js';
import { AuthenticationError } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { RotatedRefreshToken, StorageTransaction, UserRecord } from '../storage/storage.js';
import type { IssuedPair, VerifiedToken } from '../tokens/token-service.js';
import type { AccountsDeps } from './deps.js';
import { requestContextSchema } from './inputs.js';
import { recordIssuedRefresh, type SessionClient, sessionClient } from './refresh-records.js';
import type { TokenPair } from './results.js';
import { loadTokenUser } from './session.js';

type Outcome = 'rotated' | 'revoked' | 'unknown' | 'raced' | Reuse;

/** A used token presented again, and the family its reuse revoked. */
interface Reuse {
  readonly reusedFamily: string;
}

/**
 * Rotate a refresh token: the presented token is consumed and its child recorded in one
 * storage unit, so of two concurrent refreshes exactly one succeeds. The new pair's claims are
 * rebuilt from the current user (a renamed user's next token carries the new name).
 *
 * - A consumed token presented again revokes its whole family (RFC 9700 §4.14.2), emits
 *   `refreshTokenReused` once that is committed, and fails with `TOKEN_REUSED`, unless it was
 *   consumed less than `refreshReuseGraceSeconds` ago: then it gets another child in the same
 *   family (default grace 0: never).
 * - A revoked token (logout, password change, reuse) fails with `TOKEN_REVOKED`.
 * - A SimpleJWT refresh token (accepted during a cut-over) is exchanged once for a pair in a
 *   new family whose root is the SimpleJWT token, recorded as consumed; a second exchange is a
 *   reuse. The session counts as begun when SimpleJWT issued that token.
 * - The new token records the client of `context` as the session's latest, and keeps the
 *   instant the session began.
 *
 * @throws ValidationError `VALIDATION_FAILED` when the body is not `{ refresh: string }`.
 * @throws AuthenticationError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`, `TOKEN_REUSED`
 *   or `USER_INACTIVE`; none of them writes anything but a reuse's family revocation.
 * @throws RateLimitError `TOO_MANY_REQUESTS` when a configured throttle refuses the attempt.
 * @throws StorageError `STORAGE_UNAVAILABLE`; the token stays usable.
 * @internal
 */
export async function refresh(
  deps: AccountsDeps,
  input: unknown,
  context: unknown = {},
): Promise<TokenPair> {
  const { refresh: presented } = parseInput(refreshTokenSchema, input);
  const request = parseInput(requestContextSchema, context);
  const now = deps.clock.now();
  const token = await deps.tokens.verify(presented, 'refresh', now);
  // Per family: a stolen refresh token cannot be hammered, and one session cannot starve others.
  await deps.throttle?.assertAllowed('refresh', { family: token.familyId ?? token.jti });
  const user = await loadTokenUser(deps.storage, token);
  if (!token.legacy && token.familyId === null) throw invalidToken();
  const pair = token.legacy
    ? await deps.tokens.issuePair(user, now)
    : await deps.tokens.issuePair(user, now, { familyId: token.familyId!, parentJti: token.jti });
  const rotation: Rotation = { token, user, pair, client: sessionClient(deps, request), now };
  // The common case is one storage unit (two statements), outside any transaction of ours.
  if (
    !token.legacy &&
    (await deps.storage.refreshTokens.rotate(token.jti, childOf(rotation), now))
  ) {
    return { refresh: pair.refresh, access: pair.access };
  }
  const exchange = () => deps.storage.transaction((tx) => settle(tx, deps, rotation));

  // Two first exchanges of one SimpleJWT token race to record its root; the loser runs again,
  // in a transaction that sees the winner's record consumed: a reuse like any other.
  let outcome = await exchange();
  if (outcome === 'raced') outcome = await exchange();
  if (outcome === 'rotated') return { refresh: pair.refresh, access: pair.access };
  if (outcome === 'revoked') {
    throw new AuthenticationError('TOKEN_REVOKED', 'Token has been revoked.');
  }
  if (typeof outcome === 'object') {
    await emitEvents(deps, {
      type: 'refreshTokenReused',
      at: now,
      userId: user.id,
      familyId: outcome.reusedFamily,
      ...requestDetails(request),
    });
    throw new AuthenticationError('TOKEN_REUSED', 'Token was already used; its family is revoked.');
  }
  throw invalidToken();
}

/** What one rotation works with, read and signed before its transaction. */
interface Rotation {
  readonly token: VerifiedToken;
  readonly user: UserRecord;
  readonly pair: IssuedPair;
  /** The presenting client, recorded on the new token as the session's latest. */
  readonly client: SessionClient;
  readonly now: Date;
}

/** The new token of a rotation, as storage records it under its parent. */
function childOf({ pair, client }: Rotation): RotatedRefreshToken {
  const { jti, familyId, userId, issuedAt, expiresAt } = pair.refreshRecord;
  return { jti, familyId, userId, issuedAt, expiresAt, ...client };
}

/**
 * Everything but a plain rotation, in one transaction: a SimpleJWT token's first exchange, and
 * a token that could not be consumed (revoked, reused, within the grace window, unknown).
 */
async function settle(
  tx: StorageTransaction,
  deps: AccountsDeps,
  rotation: Rotation,
): Promise<Outcome> {
  const { token, user, pair, client, now } = rotation;
  const child = childOf(rotation);
  if (token.legacy && (await tx.refreshTokens.find(token.jti)) === null) {
    const issuedAt = new Date(token.issuedAt * 1000);
    const recorded = await tx.refreshTokens.insert({
      jti: token.jti,
      familyId: child.familyId,
      userId: user.id,
      parentJti: null,
      issuedAt,
      expiresAt: new Date(token.expiresAt * 1000),
      sessionBeganAt: issuedAt,
      userAgent: null,
      address: null,
    });
    if (!recorded) return 'raced';
  }
  if (await tx.refreshTokens.rotate(token.jti, child, now)) return 'rotated';
  const record = await tx.refreshTokens.find(token.jti);
  // A record that disagrees with its signed token is not ours to rotate, nor to revoke. A
  // SimpleJWT token names no family: each exchange draws one, so only the user can disagree.
  const familyDisagrees = !token.legacy && record?.familyId !== token.familyId;
  if (record === null || record.userId !== user.id || familyDisagrees) return 'unknown';
  if (record.revokedAt !== null) return 'revoked';
  const graceMs = deps.settings.refreshReuseGraceSeconds * 1000;
  // Without a grace window there is none to be within: a request that read the clock before
  // the winning one consumed the parent (another process, a clock behind) is still a reuse.
  const withinGrace =
    graceMs > 0 &&
    record.usedAt !== null &&
    now.getTime() - record.usedAt.getTime() < graceMs &&
    record.familyId === child.familyId;
  if (withinGrace) {
    const sibling = { ...pair.refreshRecord, parentJti: token.jti };
    await recordIssuedRefresh(tx.refreshTokens, sibling, client, record.sessionBeganAt);
    return 'rotated';
  }
  await tx.refreshTokens.revokeFamily(record.familyId, now);
  return { reusedFamily: record.familyId };
}

function invalidToken(): AuthenticationError {
  return new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
}
