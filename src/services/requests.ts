/**
 * The argument shapes of the account service, for editors and type checks. Every value is
 * validated again at run time with the core's schemas, so a raw request body may be passed
 * as is (typed `unknown` by your framework, cast to these).
 */

/** A user id as a number, or its decimal string as found in a URL. */
export type UserIdInput = number | string;

/** Sign-up body. */
export interface RegisterRequest {
  readonly username: string;
  readonly email?: string;
  readonly password: string;
}

/** Login body. */
export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

/** Refresh and logout body. */
export interface RefreshRequest {
  readonly refresh: string;
}

/** Token check body (SimpleJWT's `token/verify/`). */
export interface VerifyTokenRequest {
  readonly token: string;
}

/** The authenticated user acting on their own account. */
export interface ActorRequest {
  readonly userId: number;
}

/** A caller known by their access token, checked by the service itself. */
export interface AccessTokenRequest {
  readonly accessToken: string;
}

/** The authenticated user acting on another user. */
export interface ActorTargetRequest {
  readonly userId: number;
  readonly targetId: UserIdInput;
}

/** An uploaded image file. */
export interface ImageFile {
  /** The client's file name; only its extension is kept. */
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/**
 * The images a profile update changes: a file replaces the image, `null` removes it, an absent
 * key (or `undefined`) leaves it as it is.
 */
export interface ProfileImageChanges {
  /** The profile picture (Django's `profile_pic`). */
  readonly profile?: ImageFile | null | undefined;
  /** The cover image (Django's `cover_image`). */
  readonly cover?: ImageFile | null | undefined;
}

/**
 * A profile update: `changes` is the request body (absent: no field changes), `images` the
 * files of the same request. Everything in it is applied together, or nothing is.
 */
export interface UpdateProfileRequest {
  readonly userId: number;
  readonly changes?:
    | {
        readonly username?: string;
        readonly email?: string;
        readonly password?: string;
        readonly current_password?: string;
      }
    | undefined;
  readonly images?: ProfileImageChanges | undefined;
}

/**
 * A user looked at by `viewerId` (`null` or absent: anonymously), or by the caller of an access
 * token ({@link UserDetailByTokenRequest}).
 */
export type UserDetailRequestInput =
  | { readonly viewerId?: number | null; readonly id: UserIdInput }
  | UserDetailByTokenRequest;

/** A user looked at by the caller of `accessToken`, which the service checks itself. */
export interface UserDetailByTokenRequest {
  readonly accessToken: string;
  readonly id: UserIdInput;
}

/** One page of a follow list. */
export interface FollowListRequest {
  readonly id: UserIdInput;
  /** 1 to 100; default `followPageSize`. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** An image upload. */
export interface ImageUploadRequest extends ImageFile {
  readonly userId: number;
}

/** Account deletion, confirmed with the current password. */
export interface DeleteAccountRequest {
  readonly userId: number;
  readonly password: string;
}

/** What the transport knows about a call, for rate limits and events. */
export interface RequestContext {
  /** The client's address (e.g. the socket's remote address, or a trusted proxy's header). */
  readonly address?: string;
  /**
   * The client's `User-Agent` header, for events only; a missing header may be passed as
   * `undefined`. Cut to its first 512 characters, never refused.
   */
  readonly userAgent?: string | undefined;
}

/** The sessions of the authenticated user, the caller's own marked. */
export interface ListSessionsRequest {
  readonly userId: number;
  /** The caller's refresh token: its session is marked `current`. */
  readonly currentRefresh?: string;
  /**
   * The caller's session id (`Session.sessionId` of its access token; `null` for a token that
   * names none): marked `current`.
   */
  readonly currentSession?: string | null;
}

/** One of the authenticated user's sessions, by its id. */
export interface EndSessionRequest {
  readonly userId: number;
  /** The id `listSessions` gave it. */
  readonly sessionId: string;
}
