/**
 * Typed errors. Every failure accountkit reports on purpose is an {@link AccountsError} with a
 * stable `code` from {@link ACCOUNTS_ERROR_CODES}.
 *
 * @module errors
 */
export {
  ACCOUNTS_ERROR_CODES,
  type AccountsErrorCode,
  VALIDATION_ISSUE_CODES,
  type ValidationIssueCode,
} from './codes.js';
export {
  AccountsError,
  type AccountsErrorOptions,
  type AnyAccountsError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  StorageError,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
export { isAccountsError, isAccountsErrorCode } from './is-accounts-error.js';
