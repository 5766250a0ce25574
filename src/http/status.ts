import type { AccountsErrorCode } from '../errors/codes.js';
import type { HttpErrorCode } from './http-error.js';

/** Every code an answer of the API can carry: the services' and the HTTP layer's own. */
export type AnswerCode = AccountsErrorCode | HttpErrorCode;

/**
 * The one table from error code to HTTP status. Framework adapters read it; nothing else
 * invents a status.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<AnswerCode, number>> = Object.freeze({
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_CURRENT_PASSWORD: 400,
  CANNOT_FOLLOW_SELF: 400,
  NOT_AUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_REUSED: 401,
  USER_INACTIVE: 401,
  FORBIDDEN: 403,
  EMAIL_NOT_VERIFIED: 403,
  USER_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  USERNAME_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  // Raised by factories at start-up; reaching a request means a deployment bug.
  CONFIGURATION_ERROR: 500,
  STORAGE_UNAVAILABLE: 503,
});

/** The HTTP status for an error code. */
export function httpStatusFor(code: AnswerCode): number {
  return HTTP_STATUS_BY_CODE[code];
}
