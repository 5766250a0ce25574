/**
 * The closed list of error codes of the services. Codes are the contract (semver); messages
 * are not. Every other module imports its codes from here; the HTTP layer adds its own few
 * (`HTTP_ERROR_CODES` of `accountkit/http`: unknown routes, methods and unreadable bodies).
 */
export const ACCOUNTS_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_CURRENT_PASSWORD',
  'CANNOT_FOLLOW_SELF',
  'NOT_AUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'TOKEN_REUSED',
  'USER_INACTIVE',
  'FORBIDDEN',
  'EMAIL_NOT_VERIFIED',
  'USER_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'USERNAME_TAKEN',
  'TOO_MANY_REQUESTS',
  'STORAGE_UNAVAILABLE',
  'INTERNAL',
  'CONFIGURATION_ERROR',
] as const;

/** One of {@link ACCOUNTS_ERROR_CODES}. */
export type AccountsErrorCode = (typeof ACCOUNTS_ERROR_CODES)[number];

/**
 * Codes of the individual problems inside a `VALIDATION_FAILED` error, one per rule,
 * so a client can react to a rule without parsing a message.
 */
export const VALIDATION_ISSUE_CODES = [
  'REQUIRED',
  'INVALID_TYPE',
  'UNKNOWN_FIELD',
  'READ_ONLY_FIELD',
  'USERNAME_INVALID',
  'USERNAME_TOO_LONG',
  'USERNAME_MIXED_SCRIPTS',
  'EMAIL_INVALID',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_TOO_SIMILAR',
  'PASSWORD_ENTIRELY_NUMERIC',
  'INVALID_IMAGE_EXTENSION',
  'INVALID_IMAGE_CONTENT',
  'IMAGE_EMPTY',
  'IMAGE_NAME_MISSING',
  'IMAGE_TOO_LARGE',
  'INVALID_ID',
  'INVALID_CURSOR',
  'TOO_LONG',
  'INVALID_VALUE',
  'RESET_LINK_INVALID',
  'RESET_LINK_EXPIRED',
  'PASSWORD_MISMATCH',
  'VERIFICATION_LINK_INVALID',
  'VERIFICATION_LINK_EXPIRED',
  'EMAIL_MISSING',
] as const;

/** One of {@link VALIDATION_ISSUE_CODES}. */
export type ValidationIssueCode = (typeof VALIDATION_ISSUE_CODES)[number];
