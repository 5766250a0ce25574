import { parseInput } from '../core/input-schemas.js';
import { serializeUser } from '../core/user-serializer.js';
import { ValidationError } from '../errors/errors.js';
import type { FollowPage, FollowPageRequest } from '../storage/storage.js';
import type { AccountsDeps } from './deps.js';
import { userNotFound } from './follow-target.js';
import { followListSchema } from './inputs.js';
import type { UserPage } from './results.js';
import { viewOptions } from './view-options.js';

/** A cursor is the decimal id of the last edge seen; nothing else is accepted. */
const CURSOR = /^[1-9][0-9]{0,15}$/;

/**
 * Users following `id`, newest first, one page at a time: pass the returned `nextCursor` as
 * `cursor` for the next page (keyset pagination: stable under concurrent follows, O(page)).
 *
 * @throws ValidationError `VALIDATION_FAILED` (issues `INVALID_ID`, `INVALID_CURSOR`, or
 *   `INVALID_VALUE` for a `limit` outside 1–100).
 * @throws NotFoundError `USER_NOT_FOUND` when the user is missing or inactive (the original
 *   answered 500).
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export function listFollowers(deps: AccountsDeps, input: unknown): Promise<UserPage> {
  return listPage(deps, input, 'followersCount', (id, page) =>
    deps.storage.follows.listFollowers(id, page),
  );
}

/**
 * Users `id` follows, newest first, paginated like {@link listFollowers}.
 *
 * @throws ValidationError `VALIDATION_FAILED`, as {@link listFollowers}.
 * @throws NotFoundError `USER_NOT_FOUND`, as {@link listFollowers}.
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export function listFollowing(deps: AccountsDeps, input: unknown): Promise<UserPage> {
  return listPage(deps, input, 'followingCount', (id, page) =>
    deps.storage.follows.listFollowing(id, page),
  );
}

async function listPage(
  deps: AccountsDeps,
  input: unknown,
  counter: 'followersCount' | 'followingCount',
  load: (id: number, page: FollowPageRequest) => Promise<FollowPage>,
): Promise<UserPage> {
  const { id, limit = deps.settings.followPageSize, cursor } = parseInput(followListSchema, input);
  if (cursor !== undefined && !CURSOR.test(cursor)) {
    throw new ValidationError([
      { path: ['cursor'], code: 'INVALID_CURSOR', message: 'Invalid cursor.' },
    ]);
  }
  const now = deps.clock.now();
  const request = cursor === undefined ? { limit } : { limit, before: Number(cursor) };
  const [owner, page] = await Promise.all([deps.storage.users.findById(id), load(id, request)]);
  if (owner === null || !owner.isActive) throw userNotFound();
  const options = viewOptions(deps, now);
  return {
    total: owner[counter],
    users: page.users.map((user) => serializeUser(user, options)),
    nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
  };
}
