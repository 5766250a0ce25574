import { parseInput } from '../core/input-schemas.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from './deps.js';
import { countsAfter, loadFollowPair, userNotFound } from './follow-target.js';
import { actorTargetSchema } from './inputs.js';
import type { FollowResult } from './results.js';

/**
 * Follow a user. Idempotent: following again changes nothing and reports `changed: false`;
 * counters move only when an edge was created. Inactive users cannot gain followers (they are
 * hidden like missing ones). Emits `followed` after the commit when an edge was created.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID`, or `UNKNOWN_FIELD` for any
 *   attempt to name the follower) for malformed input.
 * @throws BadRequestError `CANNOT_FOLLOW_SELF`.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws NotFoundError `USER_NOT_FOUND` when the target is missing or inactive.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was changed.
 * @internal
 */
export async function follow(deps: AccountsDeps, input: unknown): Promise<FollowResult> {
  const { userId, targetId } = parseInput(actorTargetSchema, input);
  const now = deps.clock.now();
  const { changed, counts } = await deps.storage.transaction(async (tx) => {
    const { target } = await loadFollowPair(tx, userId, targetId);
    if (!target.isActive) throw userNotFound();
    return countsAfter(tx, targetId, await tx.follows.add(userId, targetId));
  });
  const followers = (counts ?? (await deps.storage.follows.counts(targetId)))?.followers ?? 0;
  if (changed) {
    await emitEvents(deps, { type: 'followed', at: now, userId, targetId, ...requestDetails() });
  }
  return { following: true, changed, followers };
}
