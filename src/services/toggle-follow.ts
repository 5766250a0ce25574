import { parseInput } from '../core/input-schemas.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from './deps.js';
import { countsAfter, loadFollowPair, userNotFound } from './follow-target.js';
import { actorTargetSchema } from './inputs.js';
import type { ToggleFollowResult } from './results.js';

/**
 * The original's `follow_unfollow/<id>/`: follow when not following, unfollow otherwise, in
 * one transaction. Answers as the original did: the requester's `username` and `email`,
 * `followed` after the call, and `followers` holding the requester's following count.
 * Unlike the original, an inactive user cannot be newly followed (`USER_NOT_FOUND`); an
 * existing edge to one can still be removed. Emits `followed` or `unfollowed` after the commit
 * when the call changed an edge.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID` or `UNKNOWN_FIELD`).
 * @throws BadRequestError `CANNOT_FOLLOW_SELF` (the original answered 403).
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws NotFoundError `USER_NOT_FOUND` when the target does not exist.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was changed.
 * @internal
 */
export async function toggleFollow(
  deps: AccountsDeps,
  input: unknown,
): Promise<ToggleFollowResult> {
  const { userId, targetId } = parseInput(actorTargetSchema, input);
  const now = deps.clock.now();
  const { actor, followed, changed, counts } = await deps.storage.transaction(async (tx) => {
    const { actor, target } = await loadFollowPair(tx, userId, targetId);
    // Removing first tells, atomically, whether there was an edge: no read-then-write window.
    if (await tx.follows.remove(userId, targetId)) {
      return { actor, followed: false, ...(await countsAfter(tx, userId, true)) };
    }
    if (!target.isActive) throw userNotFound();
    const added = await tx.follows.add(userId, targetId);
    return { actor, followed: true, ...(await countsAfter(tx, userId, added)) };
  });
  const following = (counts ?? (await deps.storage.follows.counts(userId)))?.following ?? 0;
  if (changed) {
    const type = followed ? 'followed' : 'unfollowed';
    await emitEvents(deps, { type, at: now, userId, targetId, ...requestDetails() });
  }
  return { username: actor.username, email: actor.email, followed, followers: following };
}
