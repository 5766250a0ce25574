/**
 * The storage adapter contract. Every backend (memory, SQLite, PostgreSQL, MySQL/MariaDB)
 * implements it and passes one conformance suite. Methods are purpose-named: accountkit knows
 * its tables, so there is no generic query language.
 *
 * Guarantees every adapter gives:
 * - Each method is atomic on its own; {@link AccountStorage.transaction} groups several.
 * - Records are fresh plain objects: `Date` for instants, `number` for ids and counts.
 * - Driver failures surface as `StorageError` (`STORAGE_UNAVAILABLE`) with the driver error as
 *   `cause`; constraint violations as the typed errors named on each method.
 *
 * @module
 */

/** A stored user. Column names in SQL are Django's (`password`, `is_active`, `date_joined` ...). */
export interface UserRecord {
  readonly id: number;
  /** Display form (NFKC), as the user typed it. */
  readonly username: string;
  /** NFKC + case fold of `username`; unique. */
  readonly usernameKey: string;
  /** `''` when none was given, as in Django. */
  readonly email: string;
  /** Self-describing password hash (Django encoding); `!…` means unusable. */
  readonly passwordHash: string;
  readonly isActive: boolean;
  readonly dateJoined: Date;
  /** Storage path of the profile image, relative to the media root, or `null`. */
  readonly profilePic: string | null;
  /** Storage path of the cover image, relative to the media root, or `null`. */
  readonly coverImage: string | null;
  /** How many users follow this one; kept exact with the follow rows. */
  readonly followersCount: number;
  /** How many users this one follows; kept exact with the follow rows. */
  readonly followingCount: number;
  /** Bumped to invalidate every token issued before (password change, log out everywhere). */
  readonly tokenVersion: number;
  /**
   * The last successful login (Django's `last_login`), `null` for never. Written by every login,
   * as Django's `update_last_login` does, because Django's reset tokens hash it: a login ends
   * every reset link sent before.
   */
  readonly lastLogin: Date | null;
}

/** What {@link UserStore.findViewing} reads: a user, their viewer, and the edge between them. */
export interface UserViewing {
  readonly viewer: UserRecord | null;
  readonly user: UserRecord | null;
  /** Whether the viewer follows the user. */
  readonly following: boolean;
}

/** The address a user verified (see {@link UserStore.recordEmailVerification}). */
export interface EmailVerificationRecord {
  readonly email: string;
  readonly verifiedAt: Date;
}

/** What {@link UserStore.insert} needs; the id and counters are assigned by storage. */
export interface NewUser {
  readonly username: string;
  readonly usernameKey: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly isActive?: boolean;
  readonly dateJoined: Date;
  readonly profilePic?: string | null;
  readonly coverImage?: string | null;
}

/** The fields {@link UserStore.update} may change. Counters and the id are never patched. */
export type UserPatch = Partial<
  Pick<
    UserRecord,
    'username' | 'usernameKey' | 'email' | 'passwordHash' | 'isActive' | 'profilePic' | 'coverImage'
  >
>;

/** Conditions for {@link UserStore.update}. */
export interface UpdateConditions {
  /**
   * Compare-and-swap: update only if the stored hash still equals this value, so a login that
   * upgrades an old hash never overwrites a password changed in the meantime.
   */
  readonly expectedPasswordHash?: string;
}

/** Users. */
export interface UserStore {
  /**
   * Insert a user and assign its id.
   * @throws ConflictError `USERNAME_TAKEN` when `usernameKey` exists (enforced by a unique
   *   index, so exactly one of any number of concurrent inserts wins).
   */
  insert(user: NewUser): Promise<UserRecord>;
  /** The user with this id, or `null`. */
  findById(id: number): Promise<UserRecord | null>;
  /**
   * The user with id `id` as seen by the user with id `viewerId`: both rows and whether the
   * viewer follows the user, read together (one statement on SQL backends, one round trip),
   * because showing a profile to a signed-in viewer needs all three. Either row is `null`
   * when that user does not exist; for `viewerId === id` both name the same row and
   * `following` is `false`.
   */
  findViewing(viewerId: number, id: number): Promise<UserViewing>;
  /** The user with this uniqueness key, or `null`. */
  findByUsernameKey(key: string): Promise<UserRecord | null>;
  /**
   * Users whose email equals this one ignoring case (not unique, as in Django), lowest id
   * first. Case is folded by the database's `lower()` (ASCII only on SQLite; `toLowerCase` in
   * memory): a first cut that callers refine, as Django refines `email__iexact`.
   */
  findByEmail(email: string): Promise<UserRecord[]>;
  /**
   * Apply a partial update. Returns the updated record, or `null` when the user is gone or
   * `expectedPasswordHash` no longer matches (nothing written then).
   * @throws ConflictError `USERNAME_TAKEN` when a rename hits an existing key.
   */
  update(id: number, patch: UserPatch, conditions?: UpdateConditions): Promise<UserRecord | null>;
  /**
   * Store `at` as the user's last login; returns whether the user exists. A plain overwrite
   * that takes no row lock beyond the write itself: concurrent logins leave one of their
   * instants.
   */
  recordLogin(id: number, at: Date): Promise<boolean>;
  /**
   * The address the user last verified, or `null` when none was. It is the user's verified
   * address only while it equals their current `email`.
   */
  findEmailVerification(id: number): Promise<EmailVerificationRecord | null>;
  /**
   * Record that the user verified `email` at `at`, replacing any earlier verification; returns
   * `false`, writing nothing, when the user is gone.
   */
  recordEmailVerification(id: number, email: string, at: Date): Promise<boolean>;
  /** Increment the token version; returns the new value, or `null` when the user is gone. */
  incrementTokenVersion(id: number): Promise<number | null>;
  /**
   * Delete a user with their follow rows and refresh-token records, moving the counters of
   * everyone they followed or who followed them. Returns whether a user was deleted.
   */
  delete(id: number): Promise<boolean>;
}

/** Follower and following counts of one user. */
export interface FollowCounts {
  readonly followers: number;
  readonly following: number;
}

/** A page request for a follow list: newest edge first, keyset by edge id. */
export interface FollowPageRequest {
  /** At most this many users (1 to 100). */
  readonly limit: number;
  /** Cursor from the previous page: only edges older than this one. */
  readonly before?: number;
}

/** One page of a follow list. */
export interface FollowPage {
  readonly users: UserRecord[];
  /** Pass as `before` for the next page; `null` on the last page. */
  readonly nextCursor: number | null;
}

/** A counter repaired by {@link FollowStore.recount}. */
export interface CounterDrift {
  readonly userId: number;
  readonly counter: 'followers' | 'following';
  readonly stored: number;
  readonly actual: number;
}

/** The follow graph: `followerId` follows `followeeId`. */
export interface FollowStore {
  /**
   * Create the edge if absent and move both counters by one, in one unit. Returns `true` only
   * if a row was created; repeating is a no-op returning `false`, also under concurrency.
   * @throws NotFoundError `USER_NOT_FOUND` when either user does not exist.
   */
  add(followerId: number, followeeId: number): Promise<boolean>;
  /** Delete the edge if present and move both counters back. `true` only if a row was deleted. */
  remove(followerId: number, followeeId: number): Promise<boolean>;
  /** Whether `followerId` follows `followeeId`. */
  exists(followerId: number, followeeId: number): Promise<boolean>;
  /** Which of `followeeIds` `followerId` follows, in one query. */
  existsMany(followerId: number, followeeIds: readonly number[]): Promise<Set<number>>;
  /** Counts read from the counter columns (O(1)), or `null` when the user is gone. */
  counts(userId: number): Promise<FollowCounts | null>;
  /** Users following `userId`, newest edge first. */
  listFollowers(userId: number, page: FollowPageRequest): Promise<FollowPage>;
  /** Users `userId` follows, newest edge first. */
  listFollowing(userId: number, page: FollowPageRequest): Promise<FollowPage>;
  /** Recompute every counter from the edges; returns each counter it had to fix. */
  recount(): Promise<CounterDrift[]>;
}

/** A refresh-token record: identifiers and marks, never the token itself. */
export interface RefreshTokenRecord {
  readonly jti: string;
  readonly familyId: string;
  readonly userId: number;
  readonly parentJti: string | null;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
  /**
   * When the session (the family) began: the issue time of its first token, copied onto every
   * token rotated from it. Records written before sessions were recorded give their own
   * `issuedAt`.
   */
  readonly sessionBeganAt: Date;
  /** The client's user agent when this token was issued (at most 512 characters), or `null`. */
  readonly userAgent: string | null;
  /**
   * The client's address when this token was issued, as the configured address policy keeps it
   * (whole, truncated or hashed; at most 64 characters), or `null`.
   */
  readonly address: string | null;
}

/** What {@link RefreshTokenStore.insert} needs. */
export type NewRefreshToken = Omit<RefreshTokenRecord, 'usedAt' | 'revokedAt'>;

/**
 * The child of a rotation ({@link RefreshTokenStore.rotate}): its parent and the instant its
 * session began come from the parent's record.
 */
export type RotatedRefreshToken = Omit<NewRefreshToken, 'parentJti' | 'sessionBeganAt'>;

/** Refresh-token families, for rotation and reuse detection. */
export interface RefreshTokenStore {
  /**
   * Record a refresh token. `false` when its `jti` is already recorded: nothing is written, and
   * inside a transaction the transaction stays usable. A fresh id (128 random bits) never
   * collides; a SimpleJWT token's id is recorded on its first use, which two requests may race.
   * @throws NotFoundError `USER_NOT_FOUND` when the user does not exist.
   */
  insert(token: NewRefreshToken): Promise<boolean>;
  /** The record for `jti`, or `null`. */
  find(jti: string): Promise<RefreshTokenRecord | null>;
  /**
   * Rotate in one unit: consume `parentJti` if it is neither used nor revoked and belongs to
   * `child.userId` and `child.familyId`, and record `child` as its child, in the session the
   * parent's began. `false` when the parent could not be consumed: nothing is written then.
   * Exactly one of any number of concurrent rotations of one parent gets `true`.
   */
  rotate(parentJti: string, child: RotatedRefreshToken, now: Date): Promise<boolean>;
  /** Revoke every not-yet-revoked token of the family; returns how many were marked. */
  revokeFamily(familyId: string, now: Date): Promise<number>;
  /** Revoke every not-yet-revoked token of the user; returns how many were marked. */
  revokeAllForUser(userId: number, now: Date): Promise<number>;
  /**
   * Revoke every not-yet-revoked token of the family if it is the user's; returns how many were
   * marked (0 for another user's family or an unknown one).
   */
  revokeUserFamily(userId: number, familyId: string, now: Date): Promise<number>;
  /**
   * The user's live tokens: neither used nor revoked, expiring after `now`. Each is the head of
   * one session (two within a refresh reuse grace window), so the sessions are read in one query.
   */
  findLive(userId: number, now: Date): Promise<RefreshTokenRecord[]>;
  /** Delete records that expired before `before`; returns how many. */
  deleteExpired(before: Date): Promise<number>;
}

/** The stores available inside a transaction. Has no `transaction`: nesting is impossible. */
export interface StorageTransaction {
  readonly users: UserStore;
  readonly follows: FollowStore;
  readonly refreshTokens: RefreshTokenStore;
}

/** A storage backend. */
export interface AccountStorage extends StorageTransaction {
  /**
   * Run `fn` as one unit: commit when it resolves, roll back when it rejects (rethrowing the
   * same error). `fn` may run more than once, since adapters retry a bounded number of times
   * on deadlock or serialization failure, so it must do storage work only: hash passwords and
   * sign tokens outside it.
   */
  transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T>;
  /** Release what the adapter opened itself; handles given to it stay open. */
  close(): Promise<void>;
}
