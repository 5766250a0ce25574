import { ACCOUNTS_ERROR_CODES, type AccountsErrorCode } from './codes.js';
import { ACCOUNTS_ERROR_BRAND, type AccountsError } from './errors.js';

const KNOWN_CODES: ReadonlySet<string> = new Set(ACCOUNTS_ERROR_CODES);

/**
 * True for an error accountkit threw on purpose, including one thrown by another copy of the
 * package (a second installed version, or another bundle's copy of the errors module), where
 * `instanceof` would say no.
 *
 * Two things must hold: the value carries the accountkit brand (the
 * `Symbol.for('accountkit.error')` property every {@link AccountsError} inherits), and its `code`
 * is one of {@link ACCOUNTS_ERROR_CODES}. A `code` alone is not enough: other libraries use
 * generic codes such as `NOT_FOUND` too, and their errors must not be answered as if accountkit
 * had thrown them.
 * Never throws, even for a value whose property access throws.
 *
 * @example
 * ```ts
 * isAccountsError(new ConflictError('USERNAME_TAKEN', 'Taken.')); // true
 * isAccountsError(Object.assign(new Error('x'), { code: 'NOT_FOUND' })); // false
 * ```
 */
export function isAccountsError(value: unknown): value is AccountsError {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const branded = value as { [ACCOUNTS_ERROR_BRAND]?: unknown; code?: unknown };
    return branded[ACCOUNTS_ERROR_BRAND] === true && isAccountsErrorCode(branded.code);
  } catch {
    return false;
  }
}

/** True when `code` is one of the documented error codes. */
export function isAccountsErrorCode(code: unknown): code is AccountsErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}
