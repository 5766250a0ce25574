/**
 * What the account service reports after an operation: one discriminated union, `type` first.
 * Events carry ids, names, instants and the request's address and user agent, never a
 * password, a hash, a token or a key.
 */

/** What every event carries. */
export interface AccountsEventBase {
  /** The operation's one instant, from the configured clock. */
  readonly at: Date;
  /** The user the event is about. */
  readonly userId: number;
  /**
   * The client's address from the call's `RequestContext`; `null` when it gave none or the
   * operation takes no context.
   */
  readonly address: string | null;
  /**
   * The client's user agent from the call's `RequestContext` (at most 512 characters); `null`
   * as for `address`.
   */
  readonly userAgent: string | null;
}

/** A new account was created (`register`). */
export interface SignedUpEvent extends AccountsEventBase {
  readonly type: 'signedUp';
  readonly username: string;
  /** The refresh family of the pair sign-up returned: the account's first session. */
  readonly familyId: string;
}

/** A login succeeded and a new session (refresh family) began (`login`). */
export interface LoggedInEvent extends AccountsEventBase {
  readonly type: 'loggedIn';
  readonly username: string;
  /** The new session's refresh family, as `loggedOut` and `sessionEnded` name it. */
  readonly familyId: string;
}

/**
 * Why a login failed, in the order the login decides it:
 * - `throttled`: the configured throttle refused the attempt before any lookup;
 * - `unknown_user`: no account has that name (or the name cannot be one);
 * - `wrong_password`: the password does not verify (also against an unusable or malformed
 *   stored value), whether or not the account is active;
 * - `inactive`: the password verified, but the account is inactive.
 */
export type LoginFailureReason = 'throttled' | 'unknown_user' | 'wrong_password' | 'inactive';

/**
 * A login failed with `INVALID_CREDENTIALS` or `TOO_MANY_REQUESTS` (`login`). The caller still
 * gets one answer for every reason; only this event tells them apart. Invalid input and storage
 * failures are not failed logins and emit nothing.
 */
export interface LoginFailedEvent extends Omit<AccountsEventBase, 'userId'> {
  readonly type: 'loginFailed';
  /** The account tried; `null` when there is none or the throttle refused before any lookup. */
  readonly userId: number | null;
  /** The name as typed (trimmed, NFKC), or `null` when it cannot be a username at all. */
  readonly username: string | null;
  readonly reason: LoginFailureReason;
}

/** One session ended because its client logged out with its refresh token (`logout`). */
export interface LoggedOutEvent extends AccountsEventBase {
  readonly type: 'loggedOut';
  /** The session's refresh family, now revoked. */
  readonly familyId: string;
}

/** One session was ended by its id (`endSession`), usually from another device. */
export interface SessionEndedEvent extends AccountsEventBase {
  readonly type: 'sessionEnded';
  /** The session's refresh family, now revoked. */
  readonly familyId: string;
}

/** Why every session of a user ended. */
export type AllSessionsEndedReason = 'logout_everywhere' | 'password_changed' | 'password_reset';

/**
 * Every session of the user ended: every earlier access token refused, every refresh token
 * revoked (`logoutEverywhere`; `updateProfile` changing the password, after which only the
 * pair it returns works; `resetPassword`).
 */
export interface AllSessionsEndedEvent extends AccountsEventBase {
  readonly type: 'allSessionsEnded';
  readonly reason: AllSessionsEndedReason;
}

/**
 * A refresh token that was already used was presented again: its whole family is now revoked,
 * and the refresh failed with `TOKEN_REUSED` (`refresh`). One of the two holders may be a thief.
 */
export interface RefreshTokenReusedEvent extends AccountsEventBase {
  readonly type: 'refreshTokenReused';
  /** The revoked refresh family. */
  readonly familyId: string;
}

/**
 * The user changed their password (`updateProfile`) or set a new one with a reset link
 * (`resetPassword`); `allSessionsEnded` follows.
 */
export interface PasswordChangedEvent extends AccountsEventBase {
  readonly type: 'passwordChanged';
}

/**
 * A login re-hashed an outdated stored password with the preferred hasher and stored it
 * (`login`); `loggedIn` follows. Not emitted when the upgrade could not be written.
 */
export interface PasswordHashUpgradedEvent extends AccountsEventBase {
  readonly type: 'passwordHashUpgraded';
}

/** The user confirmed their address with a verification link (`verifyEmail`). */
export interface EmailVerifiedEvent extends AccountsEventBase {
  readonly type: 'emailVerified';
}

/** The user deleted their account, with its follow edges and sessions (`deleteAccount`). */
export interface AccountDeletedEvent extends AccountsEventBase {
  readonly type: 'accountDeleted';
  /** The name the account had, since its id no longer leads anywhere. */
  readonly username: string;
}

/** The user started following `targetId` (`follow`, `toggleFollow`): an edge was added. */
export interface FollowedEvent extends AccountsEventBase {
  readonly type: 'followed';
  readonly targetId: number;
}

/** The user stopped following `targetId` (`unfollow`, `toggleFollow`): an edge was removed. */
export interface UnfollowedEvent extends AccountsEventBase {
  readonly type: 'unfollowed';
  readonly targetId: number;
}

/**
 * Every event the account service emits, discriminated by `type`.
 * @example
 * ```ts
 * function describe(event: AccountsEvent): string {
 *   switch (event.type) {
 *     case 'loginFailed':
 *       return `login failed (${event.reason})`;
 *     case 'followed':
 *       return `user ${event.userId} followed ${event.targetId}`;
 *     default:
 *       return event.type;
 *   }
 * }
 * ```
 */
export type AccountsEvent =
  | SignedUpEvent
  | LoggedInEvent
  | LoginFailedEvent
  | LoggedOutEvent
  | SessionEndedEvent
  | AllSessionsEndedEvent
  | RefreshTokenReusedEvent
  | PasswordChangedEvent
  | PasswordHashUpgradedEvent
  | EmailVerifiedEvent
  | AccountDeletedEvent
  | FollowedEvent
  | UnfollowedEvent;

/** The `type` of every event. */
export type AccountsEventType = AccountsEvent['type'];
