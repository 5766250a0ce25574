import type { SerializedUser } from '../core/user-serializer.js';

/** An access/refresh pair as handed to a client. */
export interface TokenPair {
  readonly refresh: string;
  readonly access: string;
}

/** What sign-up returns: the new user's public view and a first pair. */
export interface RegisterResult {
  readonly user: SerializedUser;
  readonly tokens: TokenPair;
}

/** What a profile update returns; `tokens` is set when the password or the username changed. */
export interface UpdateProfileResult {
  readonly user: SerializedUser;
  /**
   * A fresh pair for this client: after a password change every earlier token is revoked, and
   * after a rename the old tokens carry the old name. `null` when neither happened.
   */
  readonly tokens: TokenPair | null;
}

/** Who an access token speaks for, after every check passed. */
export interface Session {
  readonly userId: number;
  readonly username: string;
  /**
   * The session (refresh family) the access token was issued in, as `listSessions` and
   * `endSession` name it; `null` for a SimpleJWT token or one issued before tokens named it.
   */
  readonly sessionId: string | null;
  /** The verified access token's id, issue and expiry times. */
  readonly tokenId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** The original's `follow_unfollow/<id>/` answer. */
export interface ToggleFollowResult {
  /** The requester's username and email, as the original answered. */
  readonly username: string;
  readonly email: string;
  /** Whether the requester follows the target after the call. */
  readonly followed: boolean;
  /** The requester's following count after the call (the original's name for it). */
  readonly followers: number;
}

/** What follow and unfollow return. */
export interface FollowResult {
  /** Whether the requester follows the target after the call. */
  readonly following: boolean;
  /** False when the call changed nothing (already following, or not following). */
  readonly changed: boolean;
  /** The target's follower count after the call. */
  readonly followers: number;
}

/** One page of a follower or following list. */
export interface UserPage {
  /** The list's full length: the owner's follower or following counter (O(1)). */
  readonly total: number;
  readonly users: readonly SerializedUser[];
  /** Pass as `cursor` to get the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** A signed-in device: one refresh-token family, as `listSessions` shows it. */
export interface SessionInfo {
  /** The session's id (its refresh family), for `endSession`. */
  readonly id: string;
  /** When it began: the login, sign-up or password change that issued its first pair. */
  readonly beganAt: Date;
  /** When its refresh token was last rotated; `null` when it never was. */
  readonly lastRefreshedAt: Date | null;
  /** When it ends unless refreshed before: its refresh token's expiry. */
  readonly expiresAt: Date;
  /** The client's user agent at the last login or refresh, or `null`. */
  readonly userAgent: string | null;
  /** The client's address then, as the address policy keeps it, or `null`. */
  readonly address: string | null;
  /** True for the caller's own session. */
  readonly current: boolean;
}
