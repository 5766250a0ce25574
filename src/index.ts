/**
 * accountkit: the account layer of a social app for any TypeScript backend.
 *
 * @module accountkit
 */
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
  PasswordCheck,
  PasswordHasher,
  PasswordHashing,
} from './passwords/password-hashing.js';
export { type Clock, systemClock } from './platform/clock.js';
export { type RandomSource, systemRandom } from './platform/random.js';
export type {
  AccountStorage,
  CounterDrift,
  FollowCounts,
  FollowPage,
  FollowPageRequest,
  FollowStore,
  NewRefreshToken,
  NewUser,
  RefreshTokenRecord,
  RefreshTokenStore,
  StorageTransaction,
  UpdateConditions,
  UserPatch,
  UserRecord,
  UserStore,
} from './storage/storage.js';
export type {
  IssuedPair,
  TokenService,
  TokenType,
  VerifiedToken,
} from './tokens/token-service.js';
