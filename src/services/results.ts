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
