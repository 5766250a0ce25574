import { BadRequestError, NotFoundError } from '../errors/errors.js';
import type { FollowCounts, StorageTransaction, UserRecord } from '../storage/storage.js';
import { loadActor } from './session.js';

/**
 * The two sides of a follow operation: the acting user (must exist and be active) and the
 * target. Following oneself is refused before any query.
 * @throws BadRequestError `CANNOT_FOLLOW_SELF`.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the actor.
 * @throws NotFoundError `USER_NOT_FOUND` when the target does not exist.
 * @internal
 */
export async function loadFollowPair(
  tx: StorageTransaction,
  userId: number,
  targetId: number,
): Promise<{ actor: UserRecord; target: UserRecord }> {
  if (userId === targetId) {
    throw new BadRequestError('CANNOT_FOLLOW_SELF', 'Cannot follow yourself.');
  }
  // One after the other: a transaction holds one connection, which runs one statement at a time.
  const actor = await loadActor(tx, userId);
  const target = await tx.users.findById(targetId);
  if (target === null) throw userNotFound();
  return { actor, target };
}

/** The error for a follow target or list owner that does not exist or is hidden. @internal */
export function userNotFound(): NotFoundError {
  return new NotFoundError('USER_NOT_FOUND', 'User not found.');
}

/**
 * Counts of `userId` for the answer, read inside the transaction only when it changed an edge:
 * then its own counter update is visible and current. When it changed nothing, a REPEATABLE
 * READ snapshot (MySQL) may predate a concurrent follow, so `null` asks the caller to read after
 * the commit, a read whose failure cannot leave a half-done change behind.
 * @internal
 */
export async function countsAfter(
  tx: StorageTransaction,
  userId: number,
  changed: boolean,
): Promise<{ changed: boolean; counts: FollowCounts | null }> {
  return { changed, counts: changed ? await tx.follows.counts(userId) : null };
}
