import type { SerializedUser, SerializedUserDetail } from '../core/user-serializer.js';
import type { FailureFloorReport } from '../passwords/index.js';
import type {
  PasswordResetRequest,
  ResetPasswordRequest,
  ResetPasswordResult,
} from '../reset/reset-requests.js';
import type { CounterDrift } from '../storage/storage.js';
import type {
  EmailVerificationRequest,
  VerifyEmailRequest,
} from '../verification/verification-requests.js';
import type {
  AccessTokenRequest,
  ActorRequest,
  ActorTargetRequest,
  DeleteAccountRequest,
  EndSessionRequest,
  FollowListRequest,
  ImageUploadRequest,
  ListSessionsRequest,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  RequestContext,
  UpdateProfileRequest,
  UserDetailRequestInput,
  VerifyTokenRequest,
} from './requests.js';
import type {
  FollowResult,
  RegisterResult,
  Session,
  SessionInfo,
  ToggleFollowResult,
  TokenPair,
  UpdateProfileResult,
  UserPage,
} from './results.js';
import type { TokenStatus } from './verify-token.js';

/**
 * The account service: every operation of the account layer. Each method validates its input
 * with the core's schemas, runs its writes in one storage transaction, and fails only with
 * typed errors (`isAccountsError(error)`, then `error.code`). Besides the errors listed on
 * each method, every method that touches storage can reject with `StorageError`
 * (`STORAGE_UNAVAILABLE`), after which nothing was changed. Operations that change an account,
 * a session or a follow tell the `events` listener once their writes have committed.
 */
export interface Accounts {
  /**
   * Sign up; returns the public user object and a first pair (with the custom claims).
   * @throws ValidationError `VALIDATION_FAILED` (schema and password policy issues).
   * @throws ConflictError `USERNAME_TAKEN` (any case or NFKC variant).
   * @throws RateLimitError `TOO_MANY_REQUESTS` when the configured throttle refuses.
   */
  register(input: RegisterRequest, context?: RequestContext): Promise<RegisterResult>;
  /**
   * Log in; a new refresh family. Upgrades an outdated hash (compare-and-swap, best effort).
   * @throws ValidationError `VALIDATION_FAILED` for a missing or blank field (no query, no hash).
   * @throws AuthenticationError `INVALID_CREDENTIALS` for every credential failure alike.
   * @throws RateLimitError `TOO_MANY_REQUESTS` when the configured throttle refuses (asked
   *   after validation, before any query or hash).
   */
  login(input: LoginRequest, context?: RequestContext): Promise<TokenPair>;
  /**
   * Check an access token and its user; returns who it speaks for.
   * @throws AuthenticationError `TOKEN_INVALID` (also for a deleted user), `TOKEN_EXPIRED`,
   *   `USER_INACTIVE`, `TOKEN_REVOKED`.
   */
  authenticate(accessToken: string): Promise<Session>;
  /**
   * Rotate a refresh token (same family, claims from the current user). The session records
   * the client of `context` as its latest.
   * @throws ValidationError `VALIDATION_FAILED`.
   * @throws AuthenticationError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `USER_INACTIVE`,
   *   `TOKEN_REVOKED`, `TOKEN_REUSED` (the family is revoked).
   * @throws RateLimitError `TOO_MANY_REQUESTS` when the configured throttle refuses.
   */
  refresh(input: RefreshRequest, context?: RequestContext): Promise<TokenPair>;
  /**
   * Revoke the family of a refresh token (log out one device); idempotent.
   * @throws ValidationError `VALIDATION_FAILED`.
   * @throws AuthenticationError `TOKEN_INVALID`, `TOKEN_EXPIRED`.
   */
  logout(input: RefreshRequest): Promise<void>;
  /**
   * End every session of the user: token version bumped, every refresh token revoked.
   * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`).
   * @throws AuthenticationError `TOKEN_INVALID` when the user is gone.
   */
  logoutEverywhere(input: ActorRequest): Promise<void>;
  /**
   * The user's sessions (signed-in devices) that can still refresh, newest first, with when
   * each began and was last refreshed and the client it was last used from; the caller's own
   * (`currentSession` or `currentRefresh`) is marked `current`.
   * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`).
   * @example
   * ```ts
   * const { userId, sessionId } = await accounts.authenticate(accessToken);
   * const sessions = await accounts.listSessions({ userId, currentSession: sessionId });
   * ```
   */
  listSessions(input: ListSessionsRequest): Promise<SessionInfo[]>;
  /**
   * End one of the user's sessions: its refresh token is refused at once; its access tokens
   * run out within the access lifetime.
   * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`).
   * @throws NotFoundError `SESSION_NOT_FOUND` (unknown, ended, or another user's session).
   */
  endSession(input: EndSessionRequest): Promise<void>;
  /**
   * Check a token of either type without using it.
   * @throws ValidationError `VALIDATION_FAILED`.
   * @throws AuthenticationError as {@link Accounts.authenticate}; `TOKEN_REVOKED` also for a
   *   consumed refresh token.
   */
  verifyToken(input: VerifyTokenRequest): Promise<TokenStatus>;
  /**
   * The caller's own user object, by the id they authenticated as, or by their access token
   * (checked as {@link Accounts.authenticate} checks it, and shown from the row that check
   * read: one storage read instead of two).
   * @throws AuthenticationError `USER_INACTIVE`; with a token, also as
   *   {@link Accounts.authenticate}.
   * @throws NotFoundError `USER_NOT_FOUND` (by id).
   */
  getMe(input: ActorRequest | AccessTokenRequest): Promise<SerializedUser>;
  /**
   * A user by id with `is_following` for the viewer (`false` when anonymous or oneself), named
   * by id or by access token (checked as {@link Accounts.authenticate} does; one storage call).
   * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`).
   * @throws AuthenticationError with a token, as {@link Accounts.authenticate}.
   * @throws NotFoundError `USER_NOT_FOUND` (missing or inactive).
   */
  getUserDetail(input: UserDetailRequestInput): Promise<SerializedUserDetail>;
  /**
   * Partial update of one's own profile, fields and images of one request together: every
   * part is checked first, then all of it is applied in one transaction, or none of it (no new
   * file is left behind). A password change revokes every earlier token and returns a fresh
   * pair, as does a rename.
   * @throws ValidationError `VALIDATION_FAILED` with every issue of every part: the body's
   *   (`READ_ONLY_FIELD`, `UNKNOWN_FIELD`, field issues), the password policy's, and the
   *   images' (`IMAGE_TOO_LARGE`, `INVALID_IMAGE_EXTENSION`, `INVALID_IMAGE_CONTENT`, at path
   *   `profile_pic` or `cover_image`).
   * @throws BadRequestError `INVALID_CURRENT_PASSWORD`.
   * @throws ConflictError `USERNAME_TAKEN`.
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   * @example
   * ```ts
   * const { user, tokens } = await accounts.updateProfile({
   *   userId: session.userId,
   *   changes: { email: 'new@example.com' },
   *   images: { profile: { filename: 'me.png', bytes }, cover: null },
   * });
   * ```
   */
  updateProfile(input: UpdateProfileRequest): Promise<UpdateProfileResult>;
  /**
   * Follow a user (idempotent).
   * @throws BadRequestError `CANNOT_FOLLOW_SELF`.
   * @throws NotFoundError `USER_NOT_FOUND` (missing or inactive target).
   * @throws ValidationError `VALIDATION_FAILED`.
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  follow(input: ActorTargetRequest): Promise<FollowResult>;
  /**
   * Stop following a user (idempotent).
   * @throws BadRequestError `CANNOT_FOLLOW_SELF`.
   * @throws NotFoundError `USER_NOT_FOUND` (missing target).
   * @throws ValidationError `VALIDATION_FAILED`.
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  unfollow(input: ActorTargetRequest): Promise<FollowResult>;
  /**
   * The original's follow/unfollow toggle, answered in its shape.
   * @throws BadRequestError `CANNOT_FOLLOW_SELF`.
   * @throws NotFoundError `USER_NOT_FOUND`.
   * @throws ValidationError `VALIDATION_FAILED`.
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  toggleFollow(input: ActorTargetRequest): Promise<ToggleFollowResult>;
  /**
   * Followers of a user, newest first, keyset-paginated.
   * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`, `INVALID_CURSOR`, `limit`).
   * @throws NotFoundError `USER_NOT_FOUND`.
   */
  listFollowers(input: FollowListRequest): Promise<UserPage>;
  /**
   * Users a user follows, newest first, keyset-paginated.
   * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`, `INVALID_CURSOR`, `limit`).
   * @throws NotFoundError `USER_NOT_FOUND`.
   */
  listFollowing(input: FollowListRequest): Promise<UserPage>;
  /**
   * Upload a profile image (size, extension, then magic bytes checked); the same as
   * {@link Accounts.updateProfile} with only `images.profile`, but with issues at `bytes` or
   * `filename`.
   * @throws ValidationError `VALIDATION_FAILED` (`IMAGE_TOO_LARGE`, `INVALID_IMAGE_EXTENSION`,
   *   `INVALID_IMAGE_CONTENT`).
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  setProfileImage(input: ImageUploadRequest): Promise<SerializedUser>;
  /**
   * Upload a cover image, as {@link Accounts.setProfileImage}.
   * @throws ValidationError `VALIDATION_FAILED` (`IMAGE_TOO_LARGE`, `INVALID_IMAGE_EXTENSION`,
   *   `INVALID_IMAGE_CONTENT`).
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  setCoverImage(input: ImageUploadRequest): Promise<SerializedUser>;
  /**
   * Remove the profile image.
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  clearProfileImage(input: ActorRequest): Promise<SerializedUser>;
  /**
   * Remove the cover image (the default cover shows again).
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  clearCoverImage(input: ActorRequest): Promise<SerializedUser>;
  /**
   * Delete one's own account, confirmed with the password.
   * @throws BadRequestError `INVALID_CURRENT_PASSWORD`.
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE`.
   */
  deleteAccount(input: DeleteAccountRequest): Promise<void>;
  /** Repair follow counters from the edges; returns each repair. */
  recount(): Promise<CounterDrift[]>;
  /** Delete the records of expired refresh tokens; returns how many. */
  pruneRefreshTokens(): Promise<number>;
  /** The public JWKS document when keys are asymmetric; `null` for HMAC keys. */
  jwks(): Promise<{ keys: Record<string, unknown>[] } | null>;
  /**
   * Teach the failure floor the cost of each kind of stored hash (format and parameters) by
   * hashing one value of each kind, so failed logins look alike from the first one on. Give it
   * stored password values (duplicates of a kind cost nothing); run it once at start-up.
   * @throws ValidationError `VALIDATION_FAILED` unless the input is `{ stored: string[] }`.
   */
  calibratePasswords(input: { readonly stored: readonly string[] }): Promise<FailureFloorReport>;
  /**
   * Mail a password-reset link to every active account with this address (case ignored) whose
   * password is usable. Answers the same, in the same time, whether or not any account has it:
   * the mails go out after the answer, through `passwordReset.defer`.
   * @throws ValidationError `VALIDATION_FAILED` (`REQUIRED`, `EMAIL_INVALID`, `UNKNOWN_FIELD`).
   * @throws RateLimitError `TOO_MANY_REQUESTS` when the configured throttle refuses.
   * @throws ConfigurationError `CONFIGURATION_ERROR` when `passwordReset` was not configured.
   * @example
   * ```ts
   * await accounts.requestPasswordReset({ email: 'alice@example.com' }, { address });
   * ```
   */
  requestPasswordReset(input: PasswordResetRequest, context?: RequestContext): Promise<void>;
  /**
   * Set a new password with a reset link's `uid` and `token` (Django's links included), then
   * end every session of the user; with `login`, return a fresh pair. The link then dies.
   * @throws ValidationError `VALIDATION_FAILED` with `RESET_LINK_INVALID` or
   *   `RESET_LINK_EXPIRED` (path `token`), `PASSWORD_MISMATCH`, or the password policy's issues;
   *   nothing was changed.
   * @throws RateLimitError `TOO_MANY_REQUESTS` when the configured throttle refuses.
   * @throws ConfigurationError `CONFIGURATION_ERROR` when `passwordReset` was not configured.
   * @example
   * ```ts
   * await accounts.resetPassword({ uid: 'MQ', token, newPassword: 'a new passphrase' });
   * ```
   */
  resetPassword(
    input: ResetPasswordRequest,
    context?: RequestContext,
  ): Promise<ResetPasswordResult>;
  /**
   * Mail a verification link to the logged-in user (`{ userId }`), or to every active account
   * with this address (`{ email }`, the same answer whether or not any has it). Accounts whose
   * current address is verified already get nothing.
   * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`, `EMAIL_INVALID`, `EMAIL_MISSING`).
   * @throws AuthenticationError `TOKEN_INVALID`, `USER_INACTIVE` for `{ userId }`.
   * @throws RateLimitError `TOO_MANY_REQUESTS` when the configured throttle refuses.
   * @throws ConfigurationError `CONFIGURATION_ERROR` when `emailVerification` was not configured.
   * @example
   * ```ts
   * await accounts.requestEmailVerification({ userId: session.userId });
   * ```
   */
  requestEmailVerification(
    input: EmailVerificationRequest,
    context?: RequestContext,
  ): Promise<void>;
  /**
   * Confirm an address with the key of a verification link; the key then no longer works. The
   * address stays verified until it changes.
   * @throws ValidationError `VALIDATION_FAILED` with `VERIFICATION_LINK_INVALID` or
   *   `VERIFICATION_LINK_EXPIRED` (path `key`); nothing was written.
   * @throws ConfigurationError `CONFIGURATION_ERROR` when `emailVerification` was not configured.
   * @example
   * ```ts
   * await accounts.verifyEmail({ key });
   * ```
   */
  verifyEmail(input: VerifyEmailRequest, context?: RequestContext): Promise<void>;
}
