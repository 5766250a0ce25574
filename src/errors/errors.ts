import type { AccountsErrorCode, ValidationIssueCode } from './codes.js';

/** Options accepted by every error constructor. */
export interface AccountsErrorOptions {
  /** The lower-level error this one wraps; kept for logs, never sent to clients. */
  readonly cause?: unknown;
}

/**
 * Marks accountkit errors. `Symbol.for` keys the global symbol registry, so every copy of the
 * package (two installed versions, or two bundles that each inlined the errors module) uses the
 * same symbol and recognises the others' errors, where `instanceof` cannot.
 * @internal
 */
export const ACCOUNTS_ERROR_BRAND: unique symbol = Symbol.for('accountkit.error');

/**
 * Base class of every error accountkit throws on purpose. Check `code`, not the message.
 *
 * @example
 * ```ts
 * try {
 *   await accounts.login({ username, password });
 * } catch (error) {
 *   if (isAccountsError(error) && error.code === 'INVALID_CREDENTIALS') {
 *     // wrong username or password
 *   }
 * }
 * ```
 */
export class AccountsError<C extends AccountsErrorCode = AccountsErrorCode> extends Error {
  /** The stable code of this failure. */
  readonly code: C;

  constructor(code: C, message: string, options: AccountsErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.name = new.target.name;
  }

  // On the prototype, not on each instance: every subclass inherits it, and it stays out of
  // `Object.keys`, JSON and equality checks. Inside the class, so no bundler can shake the
  // brand off while keeping the class.
  static {
    Object.defineProperty(AccountsError.prototype, ACCOUNTS_ERROR_BRAND, { value: true });
  }
}

/** One problem found in caller input. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `['password']`; empty for the input as a whole. */
  readonly path: readonly (string | number)[];
  /** The rule that failed. */
  readonly code: ValidationIssueCode;
  /** A human-readable explanation; may be reworded between versions. */
  readonly message: string;
}

/**
 * Input broke a rule: a schema, a password policy, an image check.
 * Carries every problem found, each with its own stable code.
 *
 * @example
 * ```ts
 * if (error instanceof ValidationError) {
 *   error.issues.map((issue) => issue.code); // ['PASSWORD_TOO_SHORT']
 * }
 * ```
 */
export class ValidationError extends AccountsError<'VALIDATION_FAILED'> {
  /** Every problem found, in input order. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: AccountsErrorOptions = {}) {
    super('VALIDATION_FAILED', issues[0]?.message ?? 'Invalid input.', options);
    this.issues = issues;
  }
}

/** A request the caller can fix but that is not a field-level validation problem. */
export class BadRequestError extends AccountsError<
  'INVALID_CURRENT_PASSWORD' | 'CANNOT_FOLLOW_SELF'
> {}

/** Who is calling is unknown or not acceptable: log in again or present another token. */
export class AuthenticationError extends AccountsError<
  | 'NOT_AUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REVOKED'
  | 'TOKEN_REUSED'
  | 'USER_INACTIVE'
> {}

/**
 * The caller is known but may not do this; `EMAIL_NOT_VERIFIED`: the password was right, but
 * logins wait for a verified address (`emailVerification.requiredForLogin`).
 */
export class PermissionError extends AccountsError<'FORBIDDEN' | 'EMAIL_NOT_VERIFIED'> {}

/**
 * What the operation is about does not exist: the user (or is inactive), or the caller's
 * session.
 */
export class NotFoundError extends AccountsError<'USER_NOT_FOUND' | 'SESSION_NOT_FOUND'> {}

/** The operation collides with existing data, e.g. a taken username. */
export class ConflictError extends AccountsError<'USERNAME_TAKEN'> {}

/** Too many attempts; retry after `retryAfterSeconds`. */
export class RateLimitError extends AccountsError<'TOO_MANY_REQUESTS'> {
  /** Whole seconds until the caller may try again. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, options: AccountsErrorOptions = {}) {
    super('TOO_MANY_REQUESTS', 'Too many attempts. Try again later.', options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The storage backend failed (down, timed out, retries exhausted); nothing was changed. */
export class StorageError extends AccountsError<'STORAGE_UNAVAILABLE'> {}

/** The options given to a factory are unusable; thrown at construction, never per request. */
export class ConfigurationError extends AccountsError<'CONFIGURATION_ERROR'> {
  /** Every problem found in the options. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options: AccountsErrorOptions = {}) {
    super('CONFIGURATION_ERROR', `Invalid configuration: ${problems.join('; ')}`, options);
    this.problems = problems;
  }
}

/** Every concrete error class, discriminated by `code`. */
export type AnyAccountsError =
  | ValidationError
  | BadRequestError
  | AuthenticationError
  | PermissionError
  | NotFoundError
  | ConflictError
  | RateLimitError
  | StorageError
  | ConfigurationError;
