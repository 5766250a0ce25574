/**
 * Claim names of accountkit's tokens (SimpleJWT's, so tokens of both stacks read alike) and the
 * claims built from the current user.
 */
import type { UserRecord } from '../storage/storage.js';
import { mediaUrl } from './upload-paths.js';

/** `access` or `refresh` (SimpleJWT `TOKEN_TYPE_CLAIM`). */
export const TOKEN_TYPE_CLAIM = 'token_type';
/** Expiry, seconds since the epoch (RFC 7519). */
export const EXPIRES_AT_CLAIM = 'exp';
/** Issue time, seconds since the epoch (RFC 7519). */
export const ISSUED_AT_CLAIM = 'iat';
/** Token id, 32 lowercase hex (SimpleJWT `JTI_CLAIM`). */
export const TOKEN_ID_CLAIM = 'jti';
/** The user's integer id (SimpleJWT `USER_ID_CLAIM`). */
export const USER_ID_CLAIM = 'user_id';
/** Default name of the username claim; the public original used `user_name`. */
export const USERNAME_CLAIM = 'username';
/** Media URL of the profile image, `""` when unset. */
export const PROFILE_PIC_CLAIM = 'profile_pic';

/**
 * The order SimpleJWT writes its registered claims in; user claims follow
 * ({@link buildUserClaims}). Keeping it makes payloads byte-comparable with the old stack.
 */
export const SIMPLEJWT_CLAIM_ORDER: readonly string[] = Object.freeze([
  TOKEN_TYPE_CLAIM,
  EXPIRES_AT_CLAIM,
  ISSUED_AT_CLAIM,
  TOKEN_ID_CLAIM,
  USER_ID_CLAIM,
]);

/** Options of {@link buildCustomClaims}. */
export interface CustomClaimsOptions {
  /** Name of the username claim; `username` by default, `user_name` for the public original. */
  readonly usernameClaim?: string;
  /** Media base URL of `profile_pic`; `/media/` (relative, as SimpleJWT did) by default. */
  readonly mediaBaseUrl?: string;
}

/** The custom claims: the username under its configured name, then `profile_pic`. */
export type CustomClaims = Readonly<Record<string, string>>;

/** The identity claim followed by the custom claims. */
export type UserClaims = Readonly<Record<string, string | number>>;

/**
 * Build the custom claims from the *current* user record (never copied from an older token, so
 * a renamed user's next token carries the new name): `{ username, profile_pic }`, in that order.
 *
 * @throws ValidationError `VALIDATION_FAILED` with issue `INVALID_VALUE` when the stored profile
 *   image path cannot be a media URL (see {@link mediaUrl}).
 * @throws TypeError when `usernameClaim` collides with a registered claim name.
 * @example
 * ```ts
 * buildCustomClaims(alice);
 * // { username: 'alice', profile_pic: '/media/images/profile/alice_2/0f34....jpg' }
 * buildCustomClaims(alice, { usernameClaim: 'user_name' }); // { user_name: 'alice', ... }
 * ```
 */
export function buildCustomClaims(
  user: Pick<UserRecord, 'username' | 'profilePic'>,
  options: CustomClaimsOptions = {},
): CustomClaims {
  const usernameClaim = options.usernameClaim ?? USERNAME_CLAIM;
  if (SIMPLEJWT_CLAIM_ORDER.includes(usernameClaim) || usernameClaim === PROFILE_PIC_CLAIM) {
    throw new TypeError(`usernameClaim ${JSON.stringify(usernameClaim)} is a reserved claim name`);
  }
  const profilePic =
    user.profilePic === null
      ? ''
      : mediaUrl(
          user.profilePic,
          options.mediaBaseUrl === undefined ? {} : { baseUrl: options.mediaBaseUrl },
        );
  return { [usernameClaim]: user.username, [PROFILE_PIC_CLAIM]: profilePic };
}

/**
 * `{ user_id, username, profile_pic }` in SimpleJWT's order, to follow `token_type`, `exp`,
 * `iat` and `jti` in a payload.
 *
 * @throws ValidationError `VALIDATION_FAILED`, as {@link buildCustomClaims}.
 * @throws TypeError as {@link buildCustomClaims}.
 * @example
 * ```ts
 * buildUserClaims(alice); // { user_id: 2, username: 'alice', profile_pic: '/media/...' }
 * ```
 */
export function buildUserClaims(
  user: Pick<UserRecord, 'id' | 'username' | 'profilePic'>,
  options: CustomClaimsOptions = {},
): UserClaims {
  return { [USER_ID_CLAIM]: user.id, ...buildCustomClaims(user, options) };
}
