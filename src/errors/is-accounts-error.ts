import { ACCOUNTS_ERROR_CODES, type AccountsErrorCode } from './codes.js';
import { AccountsError } from './errors.js';

const KNOWN_CODES: ReadonlySet<string> = new Set(ACCOUNTS_ERROR_CODES);

/**
 * True for an error accountkit threw on purpose. Falls back to the `code` shape so that two
 * installed copies of the package still recognise each other's errors.
 */
export function isAccountsError(value: unknown): value is AccountsError {
  if (value instanceof AccountsError) return true;
  if (!(value instanceof Error)) return false;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

/** True when `code` is one of the documented error codes. */
export function isAccountsErrorCode(code: unknown): code is AccountsErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}
