import { parseInput } from '../core/input-schemas.js';
import {
  planUserDetail,
  resolveUserDetail,
  type UserDetailRequest,
  type UserDetailResult,
} from '../core/user-detail.js';
import type { SerializedUser, SerializedUserDetail } from '../core/user-serializer.js';
import { AuthenticationError, NotFoundError } from '../errors/errors.js';
import type { AccountsDeps } from './deps.js';
import { actorSchema, userDetailSchema } from './inputs.js';
import { viewOptions } from './view-options.js';

/**
 * The caller's own user object (`info/`): counts read from the counter columns, no
 * `is_following`.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID`) for a malformed `userId`.
 * @throws AuthenticationError `USER_INACTIVE` when the account was deactivated.
 * @throws NotFoundError `USER_NOT_FOUND` when the account is gone.
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export async function getMe(deps: AccountsDeps, input: unknown): Promise<SerializedUser> {
  const { userId } = parseInput(actorSchema, input);
  return detail(deps, { target: { kind: 'me' }, viewerId: userId });
}

/**
 * A user by id (`<id>/info/`), with `is_following` last: whether the viewer follows them;
 * `false` for one's own id and for an anonymous viewer (`viewerId` `null` or absent). One
 * round trip: the user and the follow edge are read in parallel.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID`) for a malformed id.
 * @throws NotFoundError `USER_NOT_FOUND` when the user does not exist or is inactive.
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export async function getUserDetail(
  deps: AccountsDeps,
  input: unknown,
): Promise<SerializedUserDetail> {
  const { viewerId = null, id } = parseInput(userDetailSchema, input);
  return detail(deps, { target: { kind: 'user', id }, viewerId }) as Promise<SerializedUserDetail>;
}

async function detail(
  deps: AccountsDeps,
  request: UserDetailRequest,
): Promise<SerializedUser | SerializedUserDetail> {
  const now = deps.clock.now();
  const query = planUserDetail(request);
  const [user, isFollowing] = await Promise.all([
    query.userId === null ? null : deps.storage.users.findById(query.userId),
    query.follow === null
      ? undefined
      : deps.storage.follows.exists(query.follow.followerId, query.follow.followeeId),
  ]);
  const result: UserDetailResult = resolveUserDetail(
    request,
    isFollowing === undefined ? { user } : { user, isFollowing },
    viewOptions(deps, now),
  );
  if (result.ok) return result.user;
  if (result.code === 'USER_NOT_FOUND') throw new NotFoundError(result.code, 'User not found.');
  throw new AuthenticationError(
    result.code,
    result.code === 'USER_INACTIVE' ? 'User is inactive.' : 'Authentication required.',
  );
}
