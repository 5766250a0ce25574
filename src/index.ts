/**
 * accountkit: the account layer of a social app for any TypeScript backend. `createAccounts`
 * composes the pure core with a storage adapter, a password hasher and a token signer.
 *
 * @module accountkit
 */

export type { DateStyle, SerializedUser, SerializedUserDetail } from './core/index.js';
export { type Accounts, createAccounts } from './create-accounts.js';
export {
  ACCOUNTS_ERROR_CODES,
  AccountsError,
  type AccountsErrorCode,
  type AnyAccountsError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  isAccountsError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  StorageError,
  ValidationError,
  type ValidationIssue,
} from './errors/index.js';
export type {
  AccountDeletedEvent,
  AccountsEvent,
  AccountsEventBase,
  AccountsEventType,
  AllSessionsEndedEvent,
  AllSessionsEndedReason,
  EmailVerifiedEvent,
  FollowedEvent,
  LoggedInEvent,
  LoggedOutEvent,
  LoginFailedEvent,
  LoginFailureReason,
  PasswordChangedEvent,
  PasswordHashUpgradedEvent,
  RefreshTokenReusedEvent,
  SessionEndedEvent,
  SignedUpEvent,
  UnfollowedEvent,
} from './events/accounts-event.js';
export type { AccountsEventsOptions } from './events/events-options.js';
export {
  createLocalMediaStorage,
  type LocalMediaStorageOptions,
} from './media/local-media-storage.js';
export type { MediaStorage } from './media/media-storage.js';
export {
  createMemoryMediaStorage,
  type MemoryMediaStorage,
} from './media/memory-media-storage.js';
export {
  type AccountsMediaOptions,
  type AccountsOptions,
  type AccountsPasswordOptions,
  type AccountsSessionOptions,
  type AccountsTokenOptions,
  DEFAULT_FOLLOW_PAGE_SIZE,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MEDIA_ROOT,
  MAX_REFRESH_REUSE_GRACE_SECONDS,
} from './options.js';
export {
  ARGON2_DEFAULTS,
  type Argon2HasherOptions,
  type Argon2Parameters,
  createArgon2Hasher,
  createPasswordHashing,
  createPasswordPolicy,
  createPbkdf2Hasher,
  type FailureFloorReport,
  LEGACY_ALGORITHMS,
  type LegacyAlgorithm,
  PASSWORD_MAX_BYTES,
  type PasswordAttempt,
  type PasswordCheck,
  type PasswordHasher,
  type PasswordHashing,
  type PasswordHashingOptions,
  type PasswordPolicy,
  type PasswordPolicyOptions,
  type PasswordUserAttributes,
  PBKDF2_MIN_ITERATIONS,
  type Pbkdf2Algorithm,
  type Pbkdf2HasherOptions,
} from './passwords/index.js';
export { type Clock, systemClock, systemTimer, type Timer } from './platform/clock.js';
export { type RandomSource, systemRandom } from './platform/random.js';
export type { Defer, PasswordResetOptions } from './reset/create-password-reset.js';
export { DEFAULT_RESET_TIMEOUT_SECONDS } from './reset/django-reset-tokens.js';
export {
  defaultResetMail,
  type Mailer,
  type MailMessage,
  type ResetMailContext,
  type ResetMailText,
} from './reset/mailer.js';
export type {
  PasswordResetRequest,
  ResetPasswordRequest,
  ResetPasswordResult,
} from './reset/reset-requests.js';
export type { AccountsLogger, AccountsThrottle, LoginSubject } from './services/deps.js';
export type {
  AccessTokenRequest,
  ActorRequest,
  ActorTargetRequest,
  DeleteAccountRequest,
  EndSessionRequest,
  FollowListRequest,
  ImageFile,
  ImageUploadRequest,
  ListSessionsRequest,
  LoginRequest,
  ProfileImageChanges,
  RefreshRequest,
  RegisterRequest,
  RequestContext,
  UpdateProfileRequest,
  UserDetailByTokenRequest,
  UserDetailRequestInput,
  UserIdInput,
  VerifyTokenRequest,
} from './services/requests.js';
export type {
  FollowResult,
  RegisterResult,
  Session,
  SessionInfo,
  ToggleFollowResult,
  TokenPair,
  UpdateProfileResult,
  UserPage,
} from './services/results.js';
export type { TokenStatus } from './services/verify-token.js';
export type { SessionAddressPolicy } from './sessions/address-policy.js';
export type {
  AccountStorage,
  CounterDrift,
  EmailVerificationRecord,
  FollowCounts,
  FollowPage,
  FollowPageRequest,
  FollowStore,
  NewRefreshToken,
  NewUser,
  RefreshTokenRecord,
  RefreshTokenStore,
  RotatedRefreshToken,
  StorageTransaction,
  UpdateConditions,
  UserPatch,
  UserRecord,
  UserStore,
  UserViewing,
} from './storage/storage.js';
export {
  createTokenService,
  FAMILY_CLAIM,
  type IssuedPair,
  RESERVED_CLAIMS,
  TOKEN_ALGORITHMS,
  TOKEN_VERSION_CLAIM,
  type TokenAlgorithm,
  type TokenKey,
  type TokenKeyMaterial,
  type TokenKeySet,
  type TokenService,
  type TokenServiceOptions,
  type TokenType,
  type VerifiedToken,
} from './tokens/index.js';
export type { EmailVerificationOptions } from './verification/create-email-verification.js';
export {
  defaultVerificationMail,
  type VerificationMailContext,
  type VerificationMailText,
} from './verification/verification-mail.js';
export type {
  EmailVerificationRequest,
  VerifyEmailRequest,
} from './verification/verification-requests.js';
