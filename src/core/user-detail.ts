/**
 * The user-detail rules of `info/` ("me") and `<id>/info/` ("user by id"), split in two pure
 * steps so a service needs one storage round trip:
 *
 * 1. {@link planUserDetail} says what to load: one user and, at most, one follow edge.
 * 2. The service loads both in parallel (`Promise.all([findById, exists])`).
 * 3. {@link resolveUserDetail} turns what was loaded into the answer or a failure code.
 *
 * Anonymous viewers (`viewerId: null`) never cause a crash (the original answered 500):
 * - "me" has no subject, so the result is `NOT_AUTHENTICATED`;
 * - "user by id" is answered with `is_following: false`, since nobody follows as an anonymous
 *   viewer. Whether anonymous viewers may read profiles at all is the route's decision (the
 *   original requires a token); this module only guarantees a well-defined answer.
 */

import { ValidationError } from '../errors/errors.js';
import type { UserRecord } from '../storage/storage.js';
import {
  type SerializableUser,
  type SerializedUser,
  type SerializedUserDetail,
  type SerializeUserOptions,
  serializeUser,
  serializeUserDetail,
} from './user-serializer.js';

/** Whose details are asked for. */
export type UserDetailTarget =
  | { readonly kind: 'me' }
  | { readonly kind: 'user'; readonly id: number };

/** A detail request: the target and who asks (`null` when anonymous). */
export interface UserDetailRequest {
  readonly target: UserDetailTarget;
  readonly viewerId: number | null;
}

/** What the service loads for a request, all in one round trip. */
export interface UserDetailQuery {
  /** Load this user (for "me", the viewer, usually already loaded by authentication). */
  readonly userId: number | null;
  /** Ask whether `followerId` follows `followeeId`; `null` when the answer is known already. */
  readonly follow: { readonly followerId: number; readonly followeeId: number } | null;
}

/** What the service loaded for a {@link UserDetailQuery}. */
export interface LoadedUserDetail {
  /** The user named by `userId`, or `null` when absent. */
  readonly user: (SerializableUser & Pick<UserRecord, 'isActive'>) | null;
  /** The answer to `follow`; required when the query asked for it. */
  readonly isFollowing?: boolean;
}

/** Why a detail request has no answer; each is also an `AccountsErrorCode`. */
export type UserDetailFailure = 'NOT_AUTHENTICATED' | 'USER_INACTIVE' | 'USER_NOT_FOUND';

/** The answer: the serialized user (with `is_following` for "user by id"), or a failure. */
export type UserDetailResult =
  | { readonly ok: true; readonly user: SerializedUser | SerializedUserDetail }
  | { readonly ok: false; readonly code: UserDetailFailure };

/**
 * Say what to load for a detail request.
 *
 * @throws ValidationError `VALIDATION_FAILED` with issue `INVALID_ID` (path `id`) when the
 *   target id is not a positive integer.
 * @example
 * ```ts
 * planUserDetail({ target: { kind: 'user', id: 1 }, viewerId: 2 });
 * // { userId: 1, follow: { followerId: 2, followeeId: 1 } }
 * ```
 */
export function planUserDetail(request: UserDetailRequest): UserDetailQuery {
  const { target, viewerId } = request;
  if (target.kind === 'me') return { userId: viewerId, follow: null };
  if (!Number.isSafeInteger(target.id) || target.id <= 0) {
    throw new ValidationError([
      { path: ['id'], code: 'INVALID_ID', message: 'A valid id is a positive integer.' },
    ]);
  }
  const follow =
    viewerId === null || viewerId === target.id
      ? null
      : { followerId: viewerId, followeeId: target.id };
  return { userId: target.id, follow };
}

/**
 * Turn what was loaded for {@link planUserDetail}'s query into the answer:
 * - "me": the serialized user without `is_following` (as Django); `NOT_AUTHENTICATED` when
 *   anonymous, `USER_INACTIVE` when the viewer's account is inactive, `USER_NOT_FOUND` when
 *   it is gone;
 * - "user by id": the serialized user with `is_following` last (`false` for one's own id and
 *   for an anonymous viewer); `USER_NOT_FOUND` when the user is absent or inactive.
 *
 * @throws ValidationError `VALIDATION_FAILED` with issue `INVALID_ID`, as {@link planUserDetail}.
 * @throws TypeError when the loaded data does not answer the query (a caller bug): the follow
 *   answer is missing, or the loaded user is not the one asked for.
 * @example
 * ```ts
 * const query = planUserDetail(request);
 * const [user, isFollowing] = await Promise.all([
 *   query.userId === null ? null : storage.users.findById(query.userId),
 *   query.follow && storage.follows.exists(query.follow.followerId, query.follow.followeeId),
 * ]);
 * const result = resolveUserDetail(request, { user, isFollowing: isFollowing ?? undefined }, { now });
 * if (!result.ok) return reply(httpStatusFor(result.code)); // 401 or 404
 * ```
 */
export function resolveUserDetail(
  request: UserDetailRequest,
  loaded: LoadedUserDetail,
  options: SerializeUserOptions,
): UserDetailResult {
  const query = planUserDetail(request);
  if (query.userId === null) return { ok: false, code: 'NOT_AUTHENTICATED' };
  const { user } = loaded;
  if (user !== null && user.id !== query.userId) {
    throw new TypeError(`Loaded user ${user.id}, but user ${query.userId} was asked for`);
  }
  if (request.target.kind === 'me') {
    if (user === null) return { ok: false, code: 'USER_NOT_FOUND' };
    if (!user.isActive) return { ok: false, code: 'USER_INACTIVE' };
    return { ok: true, user: serializeUser(user, options) };
  }
  if (user === null || !user.isActive) return { ok: false, code: 'USER_NOT_FOUND' };
  if (query.follow !== null && loaded.isFollowing === undefined) {
    throw new TypeError('The follow query was not answered: pass isFollowing');
  }
  const isFollowing = query.follow !== null && loaded.isFollowing === true;
  return { ok: true, user: serializeUserDetail(user, isFollowing, options) };
}
