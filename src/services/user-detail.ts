import { parseInput, toUserId } from '../core/input-schemas.js';
import {
  type LoadedUserDetail,
  planUserDetail,
  resolveUserDetail,
  type UserDetailRequest,
  type UserDetailResult,
} from '../core/user-detail.js';
import type { SerializedUser, SerializedUserDetail } from '../core/user-serializer.js';
import { AuthenticationError, NotFoundError } from '../errors/errors.js';
import { verifiedAccessToken } from './authenticate.js';
import type { AccountsDeps } from './deps.js';
import {
  accessTokenSchema,
  actorSchema,
  userDetailByTokenSchema,
  userDetailSchema,
} from './inputs.js';
import { tokenUser } from './session.js';
import { viewOptions } from './view-options.js';

/**
 * The caller's own user object (`info/`): counts read from the counter columns, no
 * `is_following`. Given `{ accessToken }`, the token is checked as `authenticate` checks it and
 * the user shown from the row that check read: one read where authenticating first, then
 * asking with `{ userId }`, makes two.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID`) for a malformed `userId`.
 * @throws AuthenticationError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_REVOKED` (token form);
 *   `USER_INACTIVE` when the account was deactivated.
 * @throws NotFoundError `USER_NOT_FOUND` when the account is gone (`TOKEN_INVALID` in the
 *   token form, as `authenticate`).
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export async function getMe(deps: AccountsDeps, input: unknown): Promise<SerializedUser> {
  if (typeof input === 'object' && input !== null && Object.hasOwn(input, 'accessToken')) {
    const given = (input as { accessToken?: unknown }).accessToken;
    const accessToken =
      typeof given === 'string' && Object.keys(input).length === 1
        ? given
        : parseInput(accessTokenSchema, input).accessToken;
    const now = deps.clock.now();
    const token = await verifiedAccessToken(deps, accessToken, now);
    const user = tokenUser(await deps.storage.users.findById(token.userId), token);
    return answer({ target: { kind: 'me' }, viewerId: user.id }, { user }, now, deps);
  }
  const plain = plainIds(input, ACTOR_KEYS)?.userId;
  const userId = typeof plain === 'number' ? plain : parseInput(actorSchema, input).userId;
  return detail(deps, { target: { kind: 'me' }, viewerId: userId });
}

/**
 * A user by id (`<id>/info/`), with `is_following` last: whether the viewer follows them;
 * `false` for one's own id and for an anonymous viewer (`viewerId` `null` or absent). One
 * round trip: the user and the follow edge are read in parallel.
 *
 * Given `{ accessToken, id }` instead, the token is checked as `authenticate` checks it, and
 * the viewer's row, the user's row and the edge are read in one storage call: one round trip
 * where authenticating first, then asking with `{ viewerId, id }`, makes two.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID`) for a malformed id.
 * @throws AuthenticationError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`,
 *   `USER_INACTIVE` (token form, as `authenticate`).
 * @throws NotFoundError `USER_NOT_FOUND` when the user does not exist or is inactive.
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export async function getUserDetail(
  deps: AccountsDeps,
  input: unknown,
): Promise<SerializedUserDetail> {
  if (typeof input === 'object' && input !== null && Object.hasOwn(input, 'accessToken')) {
    return detailByToken(deps, input);
  }
  const plain = plainIds(input, DETAIL_KEYS);
  const { viewerId = null, id } =
    plain === null
      ? parseInput(userDetailSchema, input)
      : { viewerId: plain.viewerId ?? null, id: plain.id as number };
  return detail(deps, { target: { kind: 'user', id }, viewerId }) as Promise<SerializedUserDetail>;
}

async function detailByToken(deps: AccountsDeps, input: object): Promise<SerializedUserDetail> {
  const fields = input as { accessToken?: unknown; id?: unknown };
  const fast = Object.keys(input).length === 2 ? toUserId(fields.id) : null;
  const { accessToken, id } =
    fast !== null && typeof fields.accessToken === 'string'
      ? { accessToken: fields.accessToken, id: fast }
      : parseInput(userDetailByTokenSchema, input);
  const now = deps.clock.now();
  const token = await verifiedAccessToken(deps, accessToken, now);
  const { viewer, user, following } = await deps.storage.users.findViewing(token.userId, id);
  const request: UserDetailRequest = {
    target: { kind: 'user', id },
    viewerId: tokenUser(viewer, token).id,
  };
  return answer(request, { user, isFollowing: following }, now, deps) as SerializedUserDetail;
}

const ACTOR_KEYS: Readonly<Record<string, 'id' | 'id-or-null'>> = { userId: 'id' };
const DETAIL_KEYS: Readonly<Record<string, 'id' | 'id-or-null'>> = {
  viewerId: 'id-or-null',
  id: 'id',
};

/**
 * The ids of a plain object holding nothing but valid ids (what the route table passes), read
 * without zod; `null` for anything else, which the schema then parses and reports issue by
 * issue. Accepts exactly what the strict schemas accept: an `'id'` key is required, an
 * `'id-or-null'` one may be absent, `undefined` or `null`.
 */
function plainIds(
  input: unknown,
  keys: Readonly<Record<string, 'id' | 'id-or-null'>>,
): Readonly<Record<string, number | null>> | null {
  if (
    typeof input !== 'object' ||
    input === null ||
    Object.getPrototypeOf(input) !== Object.prototype
  ) {
    return null;
  }
  const values = input as Record<string, unknown>;
  for (const key in values) if (!Object.hasOwn(keys, key)) return null;
  const ids: Record<string, number | null> = {};
  for (const key in keys) {
    const raw = values[key];
    if (keys[key] === 'id-or-null' && (raw === undefined || raw === null)) {
      ids[key] = null;
      continue;
    }
    const id = toUserId(raw);
    if (id === null) return null;
    ids[key] = id;
  }
  return ids;
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
  return answer(request, isFollowing === undefined ? { user } : { user, isFollowing }, now, deps);
}

function answer(
  request: UserDetailRequest,
  loaded: LoadedUserDetail,
  now: Date,
  deps: AccountsDeps,
): SerializedUser | SerializedUserDetail {
  const result: UserDetailResult = resolveUserDetail(request, loaded, viewOptions(deps, now));
  if (result.ok) return result.user;
  if (result.code === 'USER_NOT_FOUND') throw new NotFoundError(result.code, 'User not found.');
  throw new AuthenticationError(
    result.code,
    result.code === 'USER_INACTIVE' ? 'User is inactive.' : 'Authentication required.',
  );
}
