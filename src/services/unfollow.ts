import { parseInput } from '../core/input-schemas.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from './deps.js';
import { countsAfter, loadFollowPair } from './follow-target.js';
import { actorTargetSchema } from './inputs.js';
import type { FollowResult } from './results.js';

/**
 * Stop following a user. Idempotent: when not following, nothing changes and `changed` is
 * `false`; counters never go below zero. Allowed for inactive targets, so nobody is stuck
 * following an account they cannot see. Emits `unfollowed` after the commit when an edge was
 * removed.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID` or `UNKNOWN_FIELD`).
 * @throws BadRequestError `CANNOT_FOLLOW_SELF`.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws NotFoundError `USER_NOT_FOUND` when the target does not exist.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was changed.
 * @internal
 */
export async function unfollow(deps: AccountsDeps, input: unknown): Promise<FollowResult> {
  const { userId, targetId } = parseInput(actorTargetSchema, input);
  const now = deps.clock.now();
  const { changed, counts } = await deps.storage.transaction(async (tx) => {
    await loadFollowPair(tx, userId, targetId);
    return countsAfter(tx, targetId, await tx.follows.remove(userId, targetId));
  });
  const followers = (counts ?? (await deps.storage.follows.counts(targetId)))?.followers ?? 0;
  if (changed) {
    await emitEvents(deps, { type: 'unfollowed', at: now, userId, targetId, ...requestDetails() });
  }
  return { following: false, changed, followers };
}
